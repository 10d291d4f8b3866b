package io.entest.demo.local.template;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation template written in YAML, turning the short intrinsic tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, {@code !If}, ...) into their long JSON forms ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}).
 */
final class CfnYaml {

    private static final List<String> FUNCTIONS = List.of("Ref", "Condition", "Base64", "Cidr", "FindInMap", "GetAtt",
            "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");

    private CfnYaml() {
    }

    /**
     * @param text the template's YAML
     * @return maps, lists and scalars, with every intrinsic in its long form
     * @throws TemplateException when the text is not YAML
     */
    static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new CfnConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw TemplateException.of("not valid YAML: " + e.getMessage());
        }
    }

    private static final class CfnConstructor extends SafeConstructor {

        CfnConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new YAMLException("unexpected node for !" + function + ": " + node);
                };
                if (function.equals("GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    if (dot < 0) {
                        throw new YAMLException("!GetAtt " + dotted + " must be Resource.Attribute");
                    }
                    value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                return Map.of(key, value);
            }
        }
    }
}
