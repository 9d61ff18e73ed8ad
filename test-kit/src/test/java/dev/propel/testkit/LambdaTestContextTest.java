package dev.propel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The context handlers see outside Lambda: what the runtime would tell them, the local stack's way and a test's. */
class LambdaTestContextTest {

    @Test
    void theLocalStackPassesItsRegionAccountMemoryDeadlineAndLogger() {
        List<String> logged = new ArrayList<>();
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                logged.add(message);
            }

            @Override
            public void log(byte[] message) {
                logged.add(new String(message, StandardCharsets.UTF_8));
            }
        };
        Context c = new LambdaTestContext("req-1", "PredictFunction", "eu-west-1", "000000000000", 512,
                System.nanoTime() - 1, logger);
        assertEquals("arn:aws:lambda:eu-west-1:000000000000:function:PredictFunction", c.getInvokedFunctionArn());
        assertEquals("/aws/lambda/PredictFunction", c.getLogGroupName());
        assertEquals(512, c.getMemoryLimitInMB());
        assertEquals(0, c.getRemainingTimeInMillis(), "past its deadline: no time left, never negative");
        c.getLogger().log("hello");
        assertEquals(List.of("hello"), logged);
    }

    @Test
    void aTestInvocationHasTheExampleAccountAndDoesNotRunOutOfTime() {
        Context c = new LambdaTestContext("req-2", "IngestFunction");
        assertEquals("req-2", c.getAwsRequestId());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:IngestFunction", c.getInvokedFunctionArn());
        assertTrue(c.getRemainingTimeInMillis() > 14 * 60_000, "Lambda's longest timeout");
    }
}
