package dev.propel.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Lambda context of an invocation outside Lambda (tests, benchmarks and the local stack): what the Lambda
 * runtime would pass, minus Cognito and the mobile client context.
 *
 * @param getAwsRequestId      the invocation's request id
 * @param getFunctionName      the function's name (the template's logical id on the local stack)
 * @param region               the region in the function's ARN
 * @param accountId            the account in the function's ARN
 * @param getMemoryLimitInMB   the function's memory setting
 * @param deadlineNanos        the {@link System#nanoTime()} at which the invocation times out
 * @param getLogger            where {@code context.getLogger()} writes
 */
public record LambdaTestContext(String getAwsRequestId, String getFunctionName, String region, String accountId,
        int getMemoryLimitInMB, long deadlineNanos, LambdaLogger getLogger) implements Context {
    /** A test's account, as in AWS documentation examples. */
    private static final String TEST_ACCOUNT = "123456789012";
    /** Lambda's longest timeout: a test invocation never runs out of time. */
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(15);
    private static final LambdaLogger STDERR = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
            System.err.println(new String(message, StandardCharsets.UTF_8));
        }
    };

    /** A test invocation: us-east-1, the example account, 1,024 MB, 15 minutes left, logs to stderr. */
    public LambdaTestContext(String getAwsRequestId, String getFunctionName) {
        this(getAwsRequestId, getFunctionName, "us-east-1", TEST_ACCOUNT, 1024,
                System.nanoTime() + TEST_TIMEOUT.toNanos(), STDERR);
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + getFunctionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + getFunctionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + getFunctionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }
}
