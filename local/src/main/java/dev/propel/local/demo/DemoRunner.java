package dev.propel.local.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.dataset.TableManifest;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.report.GrowthReport;
import dev.propel.functions.report.ReportRange;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code ./propel demo}: the whole pipeline on the local stack, one step after another — start the stack,
 * generate traffic, upload the past days to {@code raw/} as a backfill and send the newest through
 * {@code POST /events}, let preprocessing run by S3 notification, build the
 * datasets, train and publish the models, call {@code /predict}, {@code /rank} and {@code /decide} — then a
 * short summary. Function logs go to a file so the terminal shows only progress and the summary.
 */
public final class DemoRunner {
    /** Shoppers per simulated day by default (see docs/decisions.md: the size at which the figures are stable). */
    static final int DEFAULT_USERS_PER_DAY = 6_000;
    /** Days simulated by default: the newest through the API, the others as a backfill. */
    static final int DEFAULT_DAYS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PREPROCESS_TIMEOUT = Duration.ofMinutes(2);
    /** Concurrent clients sending the live day. */
    private static final int SENDERS = 4;

    private final DemoSettings settings;
    private final DemoParts parts;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoRunner(DemoSettings settings, DemoParts parts, PrintStream progress) {
        this.settings = settings;
        this.parts = parts;
        this.progress = progress;
    }

    static int run(String[] args, DemoParts parts, PrintStream out, PrintStream err) {
        return run(args, parts, out, err, Clock.systemUTC());
    }

    /** The command with an explicit clock (tests fix it so that nothing depends on the date they run). */
    static int run(String[] args, DemoParts parts, PrintStream out, PrintStream err, Clock clock) {
        return DemoCommand.run(args, parts, out, err, clock);
    }

    /** A step that failed, with its name. */
    static final class DemoStepException extends Exception {
        final String step;

        DemoStepException(String step, Throwable cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.step = step;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(String name, Step<T> body) throws DemoStepException, StepUnavailableException {
        long start = System.nanoTime();
        progress.printf("propel demo: %s …%n", name);
        try {
            T result = body.run();
            progress.printf("propel demo: %s done (%.1f s)%n", name, (System.nanoTime() - start) / 1e9);
            return result;
        } catch (StepUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new DemoStepException(name, e);
        }
    }

    /** Runs every step; the summary says what each produced. */
    public DemoSummary run() throws DemoStepException, StepUnavailableException {
        long start = System.nanoTime();
        DemoSummary summary = new DemoSummary();
        step("preparing " + settings.stateDir(), () -> {
            wipe(settings.stateDir());
            return null;
        });
        Path logFile = settings.stateDir().resolve("functions.log");
        PrintStream stdout = System.out;
        PrintStream functionLog;
        try {
            functionLog = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoStepException("opening the function log", e);
        }
        // Handlers log to standard output as on Lambda; during the demo that goes to the log file.
        System.setOut(functionLog);
        try (functionLog) {
            LocalStack stack = step("starting the local stack", () -> LocalStack.start(
                    LocalStackConfig.defaults(settings.template(), settings.stateDir())
                            .withPorts(settings.apiPort(), 0)
                            .withSchedules(false, null)
                            .withClock(settings.clock())
                            .withOut(functionLog)));
            try (stack) {
                summary.api = stack.apiEndpoint().toString();
                summary.s3 = stack.s3Endpoint().toString();
                summary.bucket = stack.bucket();
                summary.state = settings.stateDir().toString();
                summary.log = logFile.toString();
                DemoTraffic traffic = step("generating traffic", () -> parts.traffic().generate(settings));
                summary.traffic = traffic.description();
                summary.events = traffic.history().size() + traffic.events().size();
                summary.sessions = traffic.sessions();
                if (!traffic.history().isEmpty()) {
                    step("uploading the past days to raw/ as a backfill", () -> {
                        try (S3Client s3 = stack.newS3Client()) {
                            // the local stack, like the template by default, stores ids as sent
                            summary.backfill = HistoryUpload.upload(s3, stack.bucket(), Pseudonymiser.identity(),
                                    traffic.history());
                        }
                        return null;
                    });
                }
                step("sending events through POST /events", () -> {
                    ingest(stack, traffic, summary);
                    return null;
                });
                step("preprocessing by S3 notification", () -> {
                    if (!stack.awaitIdle(PREPROCESS_TIMEOUT)) {
                        throw new IllegalStateException("notifications still running after " + PREPROCESS_TIMEOUT);
                    }
                    try (S3Client s3 = stack.newS3Client()) {
                        summary.rawObjects = count(s3, stack.bucket(), "raw/");
                        summary.cleanObjects = count(s3, stack.bucket(), "clean/");
                        summary.quarantined = count(s3, stack.bucket(), "quarantine/");
                    }
                    return null;
                });
                step("building datasets", () -> {
                    buildDatasets(stack, parts.datasets().event(traffic, settings.clock()), summary);
                    return null;
                });
                List<PublishedModel> models = step("training and publishing models",
                        () -> parts.publisher().trainAndPublish(stack, traffic, settings.stateDir()
                                .resolve("models")));
                summary.models.addAll(models);
                step("writing the growth report", () -> {
                    writeReport(stack, summary);
                    return null;
                });
                step("calling /predict, /rank and /decide", () -> {
                    for (ApiCall call : parts.examples().calls(traffic)) {
                        HttpResponse<String> r = post(stack, call.path(), call.body());
                        summary.answers.add(new DemoSummary.ApiAnswer(call.path(), r.statusCode(),
                                abbreviate(r.body())));
                    }
                    return null;
                });
            }
        } finally {
            System.setOut(stdout);
        }
        summary.seconds = (System.nanoTime() - start) / 1e9;
        return summary;
    }

    /**
     * Sends the live day in batches from {@link #SENDERS} concurrent clients, as a shop's several servers would;
     * the batches keep the traffic's order within each client.
     */
    private void ingest(LocalStack stack, DemoTraffic traffic, DemoSummary summary) throws Exception {
        List<BehaviourEvent> events = traffic.events();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(SENDERS);
        try {
            List<java.util.concurrent.Future<long[]>> answers = new java.util.ArrayList<>();
            for (int from = 0; from < events.size(); from += settings.batchSize()) {
                List<BehaviourEvent> batch = events.subList(from, Math.min(events.size(),
                        from + settings.batchSize()));
                answers.add(senders.submit(() -> send(stack, batch)));
            }
            for (java.util.concurrent.Future<long[]> f : answers) {
                long[] counts;
                try {
                    counts = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
                summary.requests++;
                summary.accepted += counts[0];
                summary.rejected += counts[1];
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** One {@code POST /events}: {accepted, rejected}. */
    private long[] send(LocalStack stack, List<BehaviourEvent> batch) throws Exception {
        // written once, straight from the records: no JSON tree in between
        StringWriter body = new StringWriter(batch.size() * 256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(body)) {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            for (BehaviourEvent e : batch) {
                EventJson.write(e, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        HttpResponse<String> r = post(stack, "/events", body.toString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /events answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        JsonNode answer = parseOrNull(r.body());
        long accepted = answer != null && answer.has("accepted") ? answer.get("accepted").asLong() : batch.size();
        // the list names at most the first 100 problems; rejected_count counts them all
        long rejected = answer == null ? 0 : answer.has("rejected_count") ? answer.get("rejected_count").asLong()
                : answer.path("rejected").size();
        return new long[] {accepted, rejected};
    }

    private void buildDatasets(LocalStack stack, byte[] event, DemoSummary summary) throws IOException {
        String functionId = stack.template().functions().values().stream()
                .filter(f -> !f.schedules().isEmpty()).map(f -> f.logicalId()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the template has no scheduled (dataset) function"));
        Invocation result = stack.invoke(functionId, event);
        if (result.failed()) {
            throw new IllegalStateException(functionId + " failed: " + abbreviate(result.payloadText()));
        }
        try (S3Client s3 = stack.newS3Client()) {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix(S3Layout.DATASETS))
                    .contents()) {
                if (o.key().endsWith("/" + S3Layout.PARTITION_MANIFEST)) {
                    // every table's manifest reads as a TableManifest (name, day, rows), the training tables' too
                    TableManifest m = TableManifest.fromJson(s3.getObjectAsBytes(b -> b.bucket(stack.bucket())
                            .key(o.key())).asByteArray());
                    summary.datasets.add(String.format("%-11s %s  %,d rows", m.name(), m.dt(), m.rows()));
                }
            }
        }
    }

    /** The growth report over the simulated days, into the bucket and as a file next to the demo's state. */
    private void writeReport(LocalStack stack, DemoSummary summary) throws IOException {
        try (S3Client s3 = stack.newS3Client()) {
            GrowthReport report = new GrowthReport(s3, stack.bucket(), settings.clock());
            Optional<LocalDate> newest = report.latestStatsDay();
            if (newest.isEmpty()) {
                summary.report = "no stats were built: no report";
                return;
            }
            GrowthReport.Published published = report.publish(ReportRange.ending(newest.get()));
            Path file = settings.stateDir().resolve("report").resolve("index.html");
            Files.createDirectories(file.getParent());
            Files.writeString(file, published.html(), StandardCharsets.UTF_8);
            summary.report = file + " (and s3://" + stack.bucket() + "/" + published.key() + "; "
                    + "http://127.0.0.1:3000/report under ./propel local)";
        }
    }

    /** POSTs like a real client: with the route's key (the write key on /events, the server key elsewhere). */
    private HttpResponse<String> post(LocalStack stack, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiEndpoint() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        stack.apiKeyFor("POST", path).ifPresent(key -> request.header("x-api-key", key));
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().count();
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() <= 160 ? one : one.substring(0, 160) + "…";
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Files.createDirectories(dir);
    }

}
