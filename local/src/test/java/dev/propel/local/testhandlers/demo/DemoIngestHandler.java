package dev.propel.local.testhandlers.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Demo-path test handler standing in for IngestFunction: writes each batch as one raw/ object. */
public final class DemoIngestHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public DemoIngestHandler() {
        this(System.getenv());
    }

    public DemoIngestHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    public DemoIngestHandler(Map<String, String> env, Clock clock) {
        this.clock = clock;
        this.s3 = S3ClientFactory.fromEnvironment(env);
        this.bucket = env.get(S3ClientFactory.BUCKET_ENV);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        try {
            JsonNode events = JSON.readTree(in.getBody()).path("events");
            Instant now = clock.instant();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
                for (JsonNode e : events) {
                    BehaviourEvent event = EventJson.parse(e.toString()).withReceivedAt(now);
                    w.write(EventJson.toJson(event));
                    w.write('\n');
                }
            }
            s3.putObject(b -> b.bucket(bucket).key(S3Layout.rawKey(now, context.getAwsRequestId())),
                    RequestBody.fromBytes(bytes.toByteArray()));
            return new APIGatewayProxyResponseEvent().withStatusCode(202)
                    .withBody("{\"accepted\":" + events.size() + ",\"rejected\":[]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
