package dev.propel.functions.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.AthenaDdl;
import dev.propel.functions.AthenaLayoutCheck;
import dev.propel.functions.BucketContents;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.ingest.IngestService;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.s3.embedded.ObjectCreated;
import dev.propel.s3.embedded.ObjectCreatedListener;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The REES46 public sample (shared/data, not in the repository) through the whole of issue #4 and stage 1: a
 * client posts it in batches of 500 (numeric user ids, zero prices, one exact duplicate row), the embedded S3
 * announces each raw object, and the preprocess handler receives those announcements as S3 events. Every row
 * must arrive once in {@code clean/}. Skipped where the sample is absent.
 */
@ExtendWith(EmbeddedS3Extension.class)
class RealSampleChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One CSV row as a client would send it: a stable event id from the row, the REES46 type mapped. */
    private static ObjectNode toEvent(String row) {
        String[] f = row.split(",", -1);
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", UUID.nameUUIDFromBytes(row.getBytes(StandardCharsets.UTF_8)).toString());
        e.put("type", switch (f[1]) {
            case "cart" -> "add_to_cart";
            default -> f[1];
        });
        e.put("user_id", Long.parseLong(f[7])); // numbers, as the log has them
        e.put("session_id", f[8]);
        e.put("item_id", f[2]);
        e.put("timestamp", f[0].replace(" UTC", "Z").replace(' ', 'T'));
        e.put("price", Double.parseDouble(f[6]));
        ObjectNode props = e.putObject("properties");
        props.put("category_id", f[3]);
        if (!f[4].isEmpty()) {
            props.put("category_code", f[4]);
        }
        if (!f[5].isEmpty()) {
            props.put("brand", f[5]);
        }
        return e;
    }

    @Test
    void everyRealRowArrivesInCleanExactlyOnce(EmbeddedS3 s3) throws IOException {
        Path csv = RepositoryFolders.sharedFile("rees46_2019-Oct_head_sample.csv").orElse(null);
        Assumptions.assumeTrue(csv != null, "../shared/data/rees46_2019-Oct_head_sample.csv not present");
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        rows = rows.subList(1, rows.size());
        Set<String> distinctRows = new HashSet<>(rows);

        List<ObjectCreated> announced = Collections.synchronizedList(new ArrayList<>());
        ObjectCreatedListener listener = announced::add;
        s3.addListener(listener);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (S3Client client = s3.client()) {
            IngestHandler ingest = new IngestHandler(new IngestService(IngestLimits.DEFAULT,
                    new RawEventWriter(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity()),
                    Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC)),
                    new JsonLog("IngestFunction", quiet));
            int accepted = 0;
            for (int from = 0; from < rows.size(); from += 500) {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode events = body.putArray("events");
                rows.subList(from, Math.min(rows.size(), from + 500)).forEach(r -> events.add(toEvent(r)));
                APIGatewayProxyRequestEvent request = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody(JSON.writeValueAsString(body));
                APIGatewayProxyResponseEvent r = ingest.handleRequest(request, null);
                assertEquals(202, r.getStatusCode(), r.getBody());
                JsonNode answer = JSON.readTree(r.getBody());
                assertEquals(0, answer.get("rejected").size(), answer.toString());
                accepted += answer.get("accepted").asInt();
            }
            assertEquals(rows.size(), accepted);

            // S3 delivers notifications at least once (an SDK retry of a PUT announces it again): count keys.
            List<ObjectCreated> raw = announced.stream().filter(o -> o.key().startsWith(S3Layout.RAW))
                    .collect(java.util.stream.Collectors.toMap(ObjectCreated::key, o -> o, (a, b) -> a,
                            java.util.LinkedHashMap::new)).values().stream().toList();
            assertEquals((rows.size() + 499) / 500, raw.size());
            new PreprocessHandler(new PreprocessService(client, IngestLimits.DEFAULT),
                    new JsonLog("PreprocessFunction", quiet)).handleRequest(s3Event(raw), null);

            BucketContents bucket = new BucketContents(client, EmbeddedS3Extension.BUCKET);
            List<String> cleanKeys = bucket.keys(S3Layout.CLEAN);
            assertEquals(raw.size(), cleanKeys.size());
            assertEquals(List.of(), bucket.keys(S3Layout.QUARANTINE));
            Set<String> ids = new HashSet<>();
            long lines = 0;
            AthenaDdl table = AthenaDdl.table("propel_clean_events");
            for (String key : cleanKeys) {
                List<String> clean = bucket.gzipLines(key);
                AthenaLayoutCheck.check(table, key, clean);
                for (String line : clean) {
                    BehaviourEvent e = EventJson.parse(line);
                    ids.add(e.eventId());
                    assertTrue(Set.of("view", "add_to_cart", "purchase").contains(e.type()), e.type());
                    lines++;
                }
            }
            // the one exact duplicate row of the sample shares its event id: it is stored once
            assertEquals(distinctRows.size(), ids.size());
            assertTrue(lines >= ids.size() && lines <= rows.size());
        } finally {
            s3.removeListener(listener);
        }
    }

    /** The S3 notification for these objects, as Lambda would deliver it (URL-encoded keys), via the runtime. */
    private static S3Event s3Event(List<ObjectCreated> objects) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (ObjectCreated o : objects) {
            ObjectNode r = records.addObject();
            r.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                    .put("eventTime", "2026-11-28T09:00:00.000Z").put("eventName", "ObjectCreated:Put");
            ObjectNode s3 = r.putObject("s3");
            s3.put("s3SchemaVersion", "1.0").put("configurationId", "raw");
            s3.putObject("bucket").put("name", o.bucket()).put("arn", "arn:aws:s3:::" + o.bucket());
            s3.putObject("object").put("key", URLEncoder.encode(o.key(), StandardCharsets.UTF_8).replace("%2F", "/"))
                    .put("size", o.size()).put("eTag", o.eTag() == null ? "" : o.eTag());
        }
        return LambdaEventSerializers.serializerFor(S3Event.class, RealSampleChainTest.class.getClassLoader())
                .fromJson(JSON.writeValueAsString(event));
    }
}
