package dev.propel.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import dev.propel.local.stack.StateFolder;
import dev.propel.local.template.PseudoParameters;
import dev.propel.s3.embedded.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./propel report} against a stopped stack's state folder and against a running stack, whose API then
 * serves the report at {@code GET /report}.
 */
class ReportCommandTest {
    private static final Path TEMPLATE = Path.of("src/test/resources/test-template.yaml");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One stats/daily partition as the datasets stage writes it. */
    private static void putDaily(S3Client s3, String bucket, String day) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(("dt,events,sessions,converting_sessions,users,new_users,returning_users,viewers,carters,"
                    + "buyers,purchases,revenue,session_conversion_rate,view_to_cart_rate,cart_to_purchase_rate,"
                    + "user_conversion_rate\n" + day + ",50,10,1,8,8,0,8,2,1,1,19.9,0.1,0.25,0.5,0.125\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(b -> b.bucket(bucket).key("stats/daily/dt=" + day + "/part-00000.csv.gz"),
                RequestBody.fromBytes(bytes.toByteArray()));
    }

    @Test
    void reportsOnTheStateFolderOfAStoppedStack(@TempDir Path state) throws IOException {
        String bucket = ReportCommand.templateBucket(TEMPLATE, PseudoParameters.local());
        try (EmbeddedS3 s3 = EmbeddedS3.start(StateFolder.s3Root(state), 0); S3Client client = s3.client()) {
            s3.createBucket(bucket);
            putDaily(client, bucket, "2026-11-05");
        }
        Path out = state.resolve("out");
        Result r = run("--state", state.toString(), "--template", TEMPLATE.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // without --to the report ends on the newest day with stats, not on the clock's yesterday
        assertTrue(r.out().contains("growth report 2026-10-09 to 2026-11-05: 1 of 28 days with stats"), r.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("Growth report") && html.contains("19.90"), html);
        assertFalse(html.contains("NaN"));

        Result single = run("--state", state.toString(), "--template", TEMPLATE.toString(), "--from", "2026-11-05",
                "--to", "2026-11-05");
        assertEquals(0, single.code(), single.err());
        assertTrue(Files.readString(state.resolve("report").resolve("index.html"))
                .contains("A single day has no later day"));
    }

    @Test
    void badInputIsExplained(@TempDir Path state) {
        Result none = run("--state", state.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no local stack state"), none.err());
        Result date = run("--state", state.toString(), "--from", "5 Nov");
        assertEquals(2, date.code());
        assertTrue(date.err().contains("'--from': needs a date YYYY-MM-DD"), date.err());
        assertEquals(2, run("--nope").code());
    }

    @Test
    void aRunningStackServesTheLatestReportAtSlashReport(@TempDir Path state) throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.defaults(TEMPLATE, state).withPorts(0, 0)
                .withOut(new PrintStream(OutputStream.nullOutputStream())))) {
            URI page = URI.create(stack.apiEndpoint() + "/report");
            HttpResponse<String> before = HTTP.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, before.statusCode());
            assertTrue(before.body().contains("No growth report yet"), before.body());
            try (S3Client s3 = stack.newS3Client()) {
                putDaily(s3, stack.bucket(), "2026-11-20");
            }
            Result r = run("--state", state.toString(), "--to", "2026-11-20");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains(stack.apiEndpoint() + "/report"), r.out());
            HttpResponse<String> after = HTTP.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode());
            assertEquals("text/html; charset=utf-8", after.headers().firstValue("Content-Type").orElse(""));
            assertTrue(after.body().contains("2026-10-24 to 2026-11-20"), after.body());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(page)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, post.statusCode(), "only GET and HEAD: /report is a page, not an API route");
        }
    }
}
