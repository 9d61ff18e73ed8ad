package dev.propel.local.template;

/**
 * The values the local stack gives CloudFormation's pseudo parameters ({@code AWS::StackName}, ...) when it
 * resolves {@code !Sub} and {@code !Ref}.
 */
public record PseudoParameters(String stackName, String accountId, String region) {
    /** The local defaults: stack {@code propel}, account {@code 000000000000}, region {@code us-east-1}. */
    public static PseudoParameters local() {
        return new PseudoParameters("propel", "000000000000", "us-east-1");
    }

    /** The value of a pseudo parameter, or null when the name is not one. */
    public String value(String name) {
        return switch (name) {
            case "AWS::StackName" -> stackName;
            case "AWS::AccountId" -> accountId;
            case "AWS::Region" -> region;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackId" -> "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                    + "/local";
            case "AWS::NoValue" -> "";
            default -> null;
        };
    }
}
