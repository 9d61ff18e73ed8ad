package dev.propel.local.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bounded load on the local stack's real API and functions: 8 concurrent clients send 40,000 events through
 * {@code POST /events} with the write key; every acknowledged event is in {@code clean/} exactly once, none is
 * there that was not acknowledged, and no request gets a 5xx. Throughput and latency are measured by the bench
 * suite {@code load}, not here.
 */
class LocalApiLoadTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void everyAcknowledgedEventIsCleanExactlyOnce(@TempDir Path state) throws Exception {
        Path template = Path.of("../template.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(template), "no template.yaml at the repository root");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStackConfig.defaults(template, state).withPorts(0, 0)
                .withSchedules(false, null).withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withOut(new PrintStream(log, true, StandardCharsets.UTF_8)))) {
            String key = stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElse(null);
            ApiLoad.Result r = new ApiLoad(stack.apiEndpoint(), key, NOW).run(new ApiLoad.Plan(8, 40_000, 500));

            assertEquals(0, r.serverErrors(), "no 5xx under load");
            assertEquals(0, r.clientErrors(), "valid events are never refused");
            assertEquals(80, r.requests());
            assertEquals(40_000, r.acknowledged().size(), "every valid event acknowledged");
            assertTrue(stack.awaitIdle(Duration.ofMinutes(3)), "preprocessing finished");
            try (S3Client s3 = stack.newS3Client()) {
                Map<String, Integer> clean = CleanEventCount.byEventId(s3, stack.bucket());
                Map<String, Integer> twice = clean.entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                assertEquals(Map.of(), twice, "no event twice in clean/");
                assertEquals(r.acknowledged(), clean.keySet(), "clean/ holds exactly the acknowledged events");
                assertEquals(0, s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("quarantine/")).keyCount(),
                        "nothing quarantined");
            }
        }
    }
}
