# EventBridge producer/consumer in Java. `make` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The functions target Lambda's java25 runtime: every build step runs on a JDK 25 that scripts/find-jdk finds.
JDK := $(shell scripts/find-jdk 2>/dev/null)
JAVA := $(JDK)/bin/java
MVN := JAVA_HOME="$(JDK)" PATH="$(JDK)/bin:$$PATH" MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow -Djansi.noreset=true $${MAVEN_OPTS:-}" mvn -B -ntp -Dstyle.color=never
LOCAL := $(JAVA) --enable-native-access=ALL-UNNAMED -cp "local/target/classes:local/target/lib/*" io.entest.demo.local.Main

SOURCES := $(shell find producer consumer local -name '*.java' -path '*/src/main/*' 2>/dev/null) \
           producer/pom.xml consumer/pom.xml local/pom.xml pom.xml
BENCH_SOURCES := $(shell find bench -name '*.java' -path '*/src/main/*' 2>/dev/null) $(shell find bench -name pom.xml 2>/dev/null)
BUILT := .local/build.stamp
BENCH_BUILT := .local/bench.stamp

EVENT ?= events/produce.json
ARGS ?=
FN ?= ProducerFunction
FUNCTIONS := ProducerFunction:producer ConsumerFunction:consumer

.PHONY: help jdk build test run local invoke bench lint package deploy clean

help: ## List the targets (the default)
	@echo "usage: make <target> [EVENT=events/<file>.json] [FN=<logical id>] [ARGS='<local cloud options>']"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

jdk:
	@test -n "$(JDK)" || scripts/find-jdk >/dev/null

build: $(BUILT) ## Compile every module and lay out each function as `sam build` does (no tests)

$(BUILT): $(SOURCES) | jdk
	@echo "building with $(JDK)" >&2
	@$(MVN) -q -DskipTests -pl producer,consumer,local package
	@mkdir -p .local && touch $@

$(BENCH_BUILT): $(SOURCES) $(BENCH_SOURCES) | jdk
	@echo "building the functions, their baselines and the benchmarks with $(JDK)" >&2
	@$(MVN) -q -DskipTests package
	@mkdir -p .local && touch $@ $(BUILT)

test: jdk ## Run every test: handlers, moto and cfn-lint checks (where installed), the local cloud end to end, SpotBugs
	$(MVN) verify
	$(MVN) -q -f producer/pom.xml spotbugs:check
	$(MVN) -q -f consumer/pom.xml spotbugs:check
	@echo "SpotBugs, with AWS's SnapStart rules, found nothing in either function"

run: $(BUILT) ## Run the whole flow locally: producer -> bus -> rule -> consumer -> SNS (EVENT=...)
	@$(LOCAL) run --event "$(EVENT)" $(ARGS)

local: $(BUILT) ## Serve the local cloud until Ctrl-C, for the AWS CLI and SDKs
	@$(LOCAL) serve $(ARGS)

invoke: $(BUILT) ## Invoke one function with a fixture, like `sam local invoke -e` (FN=... EVENT=...)
	@$(LOCAL) invoke "$(FN)" --event "$(EVENT)" $(ARGS)

bench: $(BENCH_BUILT) ## Measure ours beside a baseline built as typical samples build (5 min); writes bench/results.md
	@$(JAVA) --enable-native-access=ALL-UNNAMED -Dlocal.ric.dir=local/target/ric -cp "bench/target/classes:bench/target/lib/*" \
	  io.entest.demo.bench.Benchmarks $(ARGS)

lint: jdk ## cfn-lint the template; SpotBugs (with the SnapStart rules) on both functions
	@command -v cfn-lint >/dev/null || { echo "cfn-lint not found: pip install cfn-lint" >&2; exit 1; }
	cfn-lint template.yaml
	$(MVN) -q -f producer/pom.xml -DskipTests package spotbugs:check
	$(MVN) -q -f consumer/pom.xml -DskipTests package spotbugs:check
	@echo "lint: cfn-lint and SpotBugs found nothing"

package: $(BUILT) ## One zip per function, laid out as `sam build` lays it out; prints each zip's size
	@mkdir -p build
	@for spec in $(FUNCTIONS); do \
	  fn=$${spec%%:*}; dir=$${spec##*:}; zip=build/$$fn.zip; rm -f $$zip; \
	  "$(JDK)/bin/jar" --create --no-manifest --file $$zip -C $$dir/target/classes . -C $$dir/target lib; \
	  if "$(JDK)/bin/jar" --list --file $$zip | grep -Eiq '^lib/.*(netty|apache)'; then \
	    echo "error: $$zip contains netty or an Apache HTTP client" >&2; exit 1; fi; \
	  printf '%-22s %8d bytes  %s\n' $$fn $$(stat -c %s $$zip) $$zip; \
	done

deploy: ## sam build && sam deploy --guided (needs the SAM CLI, Docker not required)
	@command -v sam >/dev/null || { echo "the SAM CLI is not installed: see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html" >&2; exit 1; }
	JAVA_HOME="$(JDK)" PATH="$(JDK)/bin:$$PATH" sam build && sam deploy --guided

clean: ## Remove build output and local state
	@$(MVN) -q clean || true
	rm -rf build .local .aws-sam
