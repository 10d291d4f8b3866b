package io.entest.demo.local.template;

/**
 * Where the local cloud pretends to be: the names and ARNs it gives to what the template declares.
 *
 * @param region    the region every ARN names
 * @param accountId the account every ARN names
 * @param stackName what {@code AWS::StackName} resolves to
 * @param endpoint  the local cloud's own URL, for queue URLs and function URLs
 */
public record LocalAccount(String region, String accountId, String stackName, String endpoint) {

    /** The account id the local cloud uses, as LocalStack and moto do. */
    public static final String ACCOUNT_ID = "000000000000";

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    public String busArn(String name) {
        return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + name;
    }

    public String ruleArn(String bus, String name) {
        return "arn:aws:events:" + region + ":" + accountId + ":rule/" + ("default".equals(bus) ? "" : bus + "/") + name;
    }

    public String topicArn(String name) {
        return "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    }

    public String queueArn(String name) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }

    /** A function's local Function URL; on AWS it is {@code https://<id>.lambda-url.<region>.on.aws/}. */
    public String functionUrl(String function) {
        return endpoint + "/lambda-url/" + function + "/";
    }

    public String queueUrl(String name) {
        return endpoint + "/" + accountId + "/" + name;
    }
}
