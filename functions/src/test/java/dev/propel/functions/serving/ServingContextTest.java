package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.layout.S3Layout;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The SnapStart hooks: warm-ups before the checkpoint, fresh models after a restore. */
@ExtendWith(EmbeddedS3Extension.class)
class ServingContextTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;

    @Test
    void checkpointWarmsEveryRouteWithoutRecordingDecisionsAndRestorePicksUpNewModels(EmbeddedS3 server) {
        S3Client s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        TestModels.publish(s3, BUCKET, TestModels.item(), "20261128T090000Z");
        TestModels.publishStats(s3, BUCKET);
        List<String> recorded = new ArrayList<>();
        ServingContext context = new ServingContext(new ServingConfig(BUCKET, Duration.ofHours(1), 1), s3,
                (event, at, requestId) -> recorded.add(event.eventId()));
        PredictHandler predict = new PredictHandler(context);
        new RankHandler(context);
        DecideHandler decide = new DecideHandler(context);

        context.beforeCheckpoint(null);
        assertTrue(recorded.isEmpty(), "warm-ups must not record decisions");
        assertTrue(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents().isEmpty());

        // A model published while the snapshot sat on the shelf is served right after the restore, although the
        // refresh interval (an hour) has not passed.
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T120000Z");
        APIGatewayProxyResponseEvent before = predict.handleRequest(ApiEvents.sample("predict.json"), null);
        assertEquals("20261128T090000Z", ApiEvents.parse(before.getBody()).get("version").asText());
        context.afterRestore(null);
        APIGatewayProxyResponseEvent after = predict.handleRequest(ApiEvents.sample("predict.json"), null);
        assertEquals("20261128T120000Z", ApiEvents.parse(after.getBody()).get("version").asText());

        APIGatewayProxyResponseEvent decided = decide.handleRequest(ApiEvents.sample("decide.json"), null);
        assertEquals(200, decided.getStatusCode(), decided.getBody());
        assertEquals(1, recorded.size());
    }
}
