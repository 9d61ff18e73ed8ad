package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ./propel local}: runs until stopped, writes endpoints.json, keeps its state across restarts. */
class LocalCommandTest {
    @Test
    void runsUntilStoppedAndStateSurvivesARestart(@TempDir Path state) throws Exception {
        String[] args = {"--template", "src/test/resources/test-template.yaml", "--port", "0", "--s3-port", "0",
            "--no-schedules", "--state", state.toString()};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outStream = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch stop = new CountDownLatch(1);
            Future<Integer> exit = runner.submit(() -> LocalCommand.run(args, outStream, errStream, stop));
            Endpoints e = awaitEndpoints(state);
            try (S3Client s3 = dev.propel.core.storage.S3ClientFactory.forEndpoint(java.net.URI.create(e.s3()),
                    "us-east-1")) {
                s3.putObject(b -> b.bucket(e.bucket()).key("models/keep.txt"), RequestBody.fromString("kept"));
            }
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("POST   /echo"), err.toString());
            stop.countDown();
            assertEquals(0, exit.get(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(state.resolve(Endpoints.FILE)));

            CountDownLatch stop2 = new CountDownLatch(1);
            Future<Integer> exit2 = runner.submit(() -> LocalCommand.run(args, outStream, errStream, stop2));
            Endpoints again = awaitEndpoints(state);
            try (S3Client s3 = dev.propel.core.storage.S3ClientFactory.forEndpoint(
                    java.net.URI.create(again.s3()), "us-east-1")) {
                assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket(again.bucket()).key("models/keep.txt"))
                        .asUtf8String());
            }
            stop2.countDown();
            assertEquals(0, exit2.get(10, TimeUnit.SECONDS));
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalCommand.run(new String[] {"--port"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("propel local: Missing required parameter for option '--port'"));
    }

    private static Endpoints awaitEndpoints(Path state) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            var e = Endpoints.read(state);
            if (e.isPresent()) {
                return e.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("endpoints.json never appeared");
    }
}
