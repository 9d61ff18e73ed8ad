package dev.propel.bench.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.http.HttpBody;
import dev.propel.functions.http.RequestBodyDecoder;
import dev.propel.functions.ingest.IngestRequestParser;
import dev.propel.functions.ingest.ParsedBatch;
import dev.propel.functions.storage.RawEventWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest throughput on one thread: for 100-event batches, the work {@code POST /events} does besides the S3 PUT —
 * body decoding, streaming validation, dedupe, serialisation to JSON lines and gzip. Target (DESIGN §8): at least
 * 100,000 events/s per core, measured per CPU-second of the benchmark thread (on a shared machine wall-clock
 * rates measure the neighbours; they are reported too).
 * Usage: {@code IngestBenchmark [--seconds S] [--hmac] [--out FILE.json]}.
 */
public final class IngestBenchmark {
    /** Events per request, as in the issue: a typical batch. */
    public static final int BATCH = 100;
    /** The DESIGN §8 target, events per second per core. */
    public static final double TARGET = 100_000;
    private static final int DISTINCT_BATCHES = 64;

    private IngestBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param eventsPerCpuSecond     median of the rounds, events per CPU-second of the measuring thread
     * @param rounds                 every round, same unit
     * @param wallRounds             every round, events per wall-clock second
     * @param jsonBytesPerEvent      request JSON per event
     * @param gzipBytesPerEvent      stored gzip per event
     */
    public record Result(boolean hmac, double eventsPerCpuSecond, List<Double> rounds, List<Double> wallRounds,
            double jsonBytesPerEvent, double gzipBytesPerEvent) {

        /** The figures as a JSON-ready map. */
        public Map<String, Object> toMap() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "ingest");
            json.put("batch_size", BATCH);
            json.put("threads", 1);
            json.put("hmac", hmac);
            json.put("measure", "events per CPU-second of the benchmark thread, median of rounds");
            json.put("events_per_second", Math.round(eventsPerCpuSecond));
            json.put("events_per_second_rounds", rounds.stream().map(Math::round).toList());
            json.put("events_per_wall_second_rounds", wallRounds.stream().map(Math::round).toList());
            json.put("target_events_per_second", (long) TARGET);
            json.put("json_bytes_per_event", Math.round(jsonBytesPerEvent));
            json.put("gzip_bytes_per_event", Math.round(gzipBytesPerEvent));
            json.put("java", System.getProperty("java.version"));
            return json;
        }
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

    /** The command line: measures, prints, and writes the JSON when {@code --out} is given. */
    public static int run(String[] args) throws IOException {
        double seconds = 5;
        boolean hmac = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--hmac" -> hmac = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: IngestBenchmark [--seconds S] [--hmac] [--out FILE.json]");
                    return 2;
                }
            }
        }
        Result r = measure(seconds, hmac, System.out);
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), r.toMap());
        }
        return 0;
    }

    /** Warms up, then measures five rounds of {@code seconds / 5} CPU-seconds each. */
    public static Result measure(double seconds, boolean hmac, PrintStream log) {
        SyntheticEvents gen = new SyntheticEvents(7);
        List<HttpBody> bodies = new ArrayList<>();
        long jsonBytes = 0;
        for (int b = 0; b < DISTINCT_BATCHES; b++) {
            StringBuilder sb = new StringBuilder("{\"events\":[");
            for (int i = 0; i < BATCH; i++) {
                BehaviourEvent e = gen.next(false);
                sb.append(i == 0 ? "" : ",").append(EventJson.toJson(e));
            }
            String body = sb.append("]}").toString();
            jsonBytes += body.length();
            bodies.add(new HttpBody(body, false, "application/json", null));
        }
        RequestBodyDecoder decoder = new RequestBodyDecoder(IngestLimits.DEFAULT.maxBodyBytes());
        IngestRequestParser parser = new IngestRequestParser(new EventValidator(IngestLimits.DEFAULT));
        Pseudonymiser pseudonymiser = hmac
                ? Pseudonymiser.hmacSha256("benchmark-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                        Pseudonymiser.Encoding.HEX)
                : Pseudonymiser.identity();
        RawEventWriter writer = new RawEventWriter(null, "unused", pseudonymiser);
        Instant receivedAt = Instant.parse("2026-11-28T10:00:00Z");

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long warmEnd = threads.getCurrentThreadCpuTime() + (long) (Math.min(3, seconds) * 1e9);
        for (int i = 0; threads.getCurrentThreadCpuTime() < warmEnd; i++) {
            sink += once(bodies.get(i % DISTINCT_BATCHES), decoder, parser, writer, receivedAt);
        }
        List<Double> rounds = new ArrayList<>();
        List<Double> wallRounds = new ArrayList<>();
        long compressedBytes = 0;
        long batches = 0;
        for (int r = 0; r < 5; r++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long cpuEnd = cpuStart + (long) (seconds / 5 * 1e9);
            long n = 0;
            long cpu;
            do {
                long size = once(bodies.get((int) (n % DISTINCT_BATCHES)), decoder, parser, writer, receivedAt);
                sink += size;
                compressedBytes += size;
                n++;
                cpu = threads.getCurrentThreadCpuTime();
            } while (cpu < cpuEnd);
            batches += n;
            rounds.add(n * BATCH / ((cpu - cpuStart) / 1e9));
            wallRounds.add(n * BATCH / ((System.nanoTime() - start) / 1e9));
        }
        double median = rounds.stream().sorted().toList().get(rounds.size() / 2);
        Result result = new Result(hmac, median, rounds, wallRounds, jsonBytes / (double) (DISTINCT_BATCHES * BATCH),
                compressedBytes / (double) (batches * BATCH));
        log.printf("ingest: validate + dedupe + serialise + gzip, %d-event batches, 1 thread%s%n", BATCH,
                hmac ? ", HMAC on" : "");
        log.printf("  rounds (events per CPU-second): %s%n", fmt(rounds));
        log.printf("  rounds (events per wall-second, includes time the machine gave to others): %s%n",
                fmt(wallRounds));
        log.printf("  median %,.0f events/s per core (target %,.0f); %.0f B JSON -> %.0f B gzip per event%n",
                median, TARGET, result.jsonBytesPerEvent(), result.gzipBytesPerEvent());
        if (sink == 42) {
            log.println(); // keeps the JIT from discarding the work
        }
        return result;
    }

    private static List<String> fmt(List<Double> v) {
        return v.stream().map(x -> String.format("%,.0f", x)).toList();
    }

    private static long once(HttpBody body, RequestBodyDecoder decoder, IngestRequestParser parser,
            RawEventWriter writer, Instant receivedAt) {
        ParsedBatch batch = parser.parse(decoder.decode(body));
        if (batch.events().size() != BATCH) {
            throw new IllegalStateException("benchmark batch did not validate: " + batch.rejected());
        }
        return writer.encode(batch.events(), receivedAt).length;
    }
}
