package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code --s3-endpoint}: another S3-compatible server instead of the embedded one. */
@ExtendWith(EmbeddedS3Extension.class)
class ExternalS3Test {
    @Test
    void functionsUseTheExternalServerAndTheLogSaysNotificationsAreOff(EmbeddedS3 external, @TempDir Path state)
            throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalStackConfig config = LocalStackConfig.defaults(Path.of("src/test/resources/test-template.yaml"), state)
                .withPorts(0, 0).withSchedules(false, null).withExternalS3(external.endpoint())
                .withBucket("external-bucket").withOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (LocalStack stack = LocalStack.start(config)) {
            assertEquals(external.endpoint(), stack.s3Endpoint());
            try (S3Client s3 = external.client()) {
                assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("external-bucket")),
                        "the stack creates its bucket on the external server");
            }
            var response = stack.invoke("EchoFunction", ("{\"path\":\"/echo\",\"httpMethod\":\"POST\","
                    + "\"requestContext\":{\"stage\":\"Prod\",\"identity\":{}}}").getBytes(StandardCharsets.UTF_8));
            JsonNode env = new ObjectMapper().readTree(new ObjectMapper().readTree(response.payload())
                    .get("body").asText()).get("env");
            assertEquals(external.endpoint().toString(), env.get("PROPEL_S3_ENDPOINT").asText());
            assertEquals("external-bucket", env.get("PROPEL_BUCKET").asText());
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        assertTrue(List.of(lines.split("\n")).stream().anyMatch(l -> l.contains("\"level\":\"WARN\"")
                && l.contains("S3 notifications are not delivered with an external S3 endpoint")), lines);
    }
}
