package dev.propel.functions.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.events.SampleEvents;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.preprocess.PreprocessHandler;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The thin real path of the foundation issue, against the embedded S3 over HTTP: an API Gateway event through
 * {@link IngestHandler} to {@code raw/}, its S3 notification through {@link PreprocessHandler} to {@code clean/},
 * the model-builder training an MLP on a generated table and publishing it, and {@link PredictHandler} loading
 * that model from S3 and answering {@code POST /predict} with ONNX Runtime.
 */
@ExtendWith(EmbeddedS3Extension.class)
class ThinPathTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;

    @Test
    void eventToRawToCleanAndModelToPrediction(EmbeddedS3 s3) throws IOException {
        Map<String, String> env = Map.of(S3ClientFactory.BUCKET_ENV, BUCKET,
                S3ClientFactory.ENDPOINT_ENV, s3.endpoint().toString());
        try (S3Client client = s3.client()) {
            // 1. POST /events
            APIGatewayProxyResponseEvent ingested = new IngestHandler(env)
                    .handleRequest(ApiEvents.sample("ingest-events.json"),
                            new LambdaTestContext("thin-path-ingest", "IngestFunction"));
            assertEquals(202, ingested.getStatusCode(), ingested.getBody());
            JsonNode accepted = ApiEvents.parse(ingested.getBody());
            assertEquals(6, accepted.get("accepted").asInt());
            List<S3Object> raw = client.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents();
            assertEquals(1, raw.size());
            String rawKey = raw.get(0).key();
            assertTrue(rawKey.matches("raw/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/\\d+-thin-path-ingest\\.jsonl\\.gz"),
                    rawKey);

            // 2. The S3 notification for that object, URL-encoded as S3 sends it, through the preprocessor.
            String notification = SampleEvents.json("preprocess-s3-put.json")
                    .replace("propel-123456789012-events", BUCKET)
                    .replace("raw/dt%3D2026-11-28/hour%3D09/1795857302000-c6af9ac6-7b61-11e6-9a41-93e8deadbeef.jsonl.gz",
                            URLEncoder.encode(rawKey, StandardCharsets.UTF_8));
            new PreprocessHandler(env).handleRequest(SampleEvents.fromJson(notification, S3Event.class),
                    new LambdaTestContext("thin-path-preprocess", "PreprocessFunction"));
            List<BehaviourEvent> clean = readEvents(client, S3Layout.cleanKeyFor(rawKey));
            assertEquals(6, clean.size());
            assertTrue(clean.stream().allMatch(e -> e.receivedAt() != null));

            // 3. The model-builder trains on a generated table and publishes model.onnx, then latest.json.
            TrainingResult trained = ModelBuilder.train(generatedTable(), TrainingConfig.defaults());
            double auc = ModelMetrics.of(trained.testProbability(), trained.test().labels()).rocAuc();
            assertTrue(auc > 0.75, "test AUC " + auc);
            new ModelPublisher(client, BUCKET).publish("shoppers", "20261128T100000Z", trained.onnx(),
                    trained.reportJson(), trained.reportHtml(), trained.provenance().featureSchemaVersion());

            // 4. POST /predict: the function loads that model from S3 at cold start and scores with ONNX Runtime.
            String body = "{\"model\":\"shoppers\",\"rows\":[{\"pages\":25,\"device\":\"desktop\"},"
                    + "{\"pages\":1,\"device\":\"mobile\"}]}";
            APIGatewayProxyResponseEvent predicted = new PredictHandler(env).handleRequest(
                    ApiEvents.withBody("predict.json", body),
                    new LambdaTestContext("thin-path-predict", "PredictFunction"));
            assertEquals(200, predicted.getStatusCode(), predicted.getBody());
            JsonNode answer = ApiEvents.parse(predicted.getBody());
            assertEquals("shoppers", answer.get("model").asText());
            assertEquals("20261128T100000Z", answer.get("version").asText());
            double engaged = answer.get("predictions").get(0).asDouble();
            double browsing = answer.get("predictions").get(1).asDouble();
            // The generated label rises with pages and desktop use: the served model must have learned that.
            assertTrue(engaged > browsing, engaged + " vs " + browsing);
            assertTrue(engaged > 0.5 && browsing < 0.5, engaged + " vs " + browsing);
        }
    }

    /** A table whose label follows a known logistic rule of {@code pages} and {@code device}. */
    private static Table generatedTable() {
        Random rnd = new Random(11);
        int n = 2000;
        double[] pages = new double[n];
        String[] device = new String[n];
        int[] label = new int[n];
        String[] devices = {"mobile", "desktop", "tablet"};
        for (int i = 0; i < n; i++) {
            pages[i] = rnd.nextInt(30);
            device[i] = devices[rnd.nextInt(3)];
            double logit = -4 + 0.3 * pages[i] + (device[i].equals("desktop") ? 1.5 : 0);
            label[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        return Table.builder().numeric("pages", pages).categorical("device", device).labels(label).build();
    }

    private static List<BehaviourEvent> readEvents(S3Client client, String key) throws IOException {
        List<BehaviourEvent> events = new ArrayList<>();
        try (var in = client.getObject(b -> b.bucket(BUCKET).key(key));
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                events.add(EventJson.parse(line));
            }
        }
        return events;
    }
}
