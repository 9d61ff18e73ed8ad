package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.testkit.LambdaTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An S3 endpoint that accepts connections and never answers (a stall, not a refusal): the ingest function, built
 * from its environment as Lambda builds it, gives up within its S3 call timeout and answers 503 with
 * {@code Retry-After}, long before API Gateway's 29 s, and acknowledges nothing.
 */
class StalledS3Test {
    @Test
    void aStalledS3IsA503WithinTheCallTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket stalled = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(stalled.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            IngestHandler handler = new IngestHandler(Map.of(
                    S3ClientFactory.ENDPOINT_ENV, "http://127.0.0.1:" + stalled.getLocalPort(),
                    S3ClientFactory.BUCKET_ENV, "stalled",
                    S3ClientFactory.CALL_TIMEOUT_ENV, "1500",
                    S3ClientFactory.ATTEMPT_TIMEOUT_ENV, "500"));
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent r = handler.handleRequest(
                    ApiGatewayEvents.post(IngestRequestParserTest.event(1)),
                    new LambdaTestContext("stalled", "IngestFunction"));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(503, r.getStatusCode(), r.getBody());
            assertEquals(IngestHandler.RETRY_AFTER_SECONDS, r.getHeaders().get("Retry-After"));
            assertTrue(!r.getBody().contains("accepted"), r.getBody());
            assertTrue(seconds < 5, "answered after " + seconds + " s with a 1.5 s call timeout");
            assertTrue(!held.isEmpty(), "the client did reach the stalled endpoint");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aTimeoutThatIsNotANumberIsNamed() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> S3ClientFactory.fromEnvironment(Map.of(S3ClientFactory.CALL_TIMEOUT_ENV, "soon")));
        assertTrue(e.getMessage().contains(S3ClientFactory.CALL_TIMEOUT_ENV), e.getMessage());
    }
}
