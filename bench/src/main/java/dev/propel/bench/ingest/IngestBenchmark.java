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
import dev.propel.functions.ingest.RawEventWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * 100,000 events/s per core. Usage: {@code IngestBenchmark [--seconds S] [--hmac] [--out FILE.json]}.
 */
public final class IngestBenchmark {
    private static final int BATCH = 100;
    private static final int DISTINCT_BATCHES = 64;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

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
                ? Pseudonymiser.hmacSha256("benchmark-key-0123456789abcdef".getBytes(), Pseudonymiser.Encoding.HEX)
                : Pseudonymiser.identity();
        RawEventWriter writer = new RawEventWriter(null, "unused", pseudonymiser);
        Instant receivedAt = Instant.parse("2026-11-28T10:00:00Z");

        long sink = 0;
        // warm-up: let the JIT compile the whole path before measuring
        long warmEnd = System.nanoTime() + (long) (Math.min(3, seconds) * 1e9);
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            sink += once(bodies.get(i % DISTINCT_BATCHES), decoder, parser, writer, receivedAt);
        }
        // Per core = per CPU-second of this thread: the machine may be shared, and wall-clock rates would then
        // measure the neighbours. Both are reported.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
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
        List<Double> sorted = rounds.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        double avgJson = jsonBytes / (double) (DISTINCT_BATCHES * BATCH);
        double avgGzip = compressedBytes / (double) (batches * BATCH);
        System.out.printf("ingest: validate + dedupe + serialise + gzip, %d-event batches, 1 thread%s%n", BATCH,
                hmac ? ", HMAC on" : "");
        System.out.printf("  rounds (events per CPU-second): %s%n",
                rounds.stream().map(v -> String.format("%,.0f", v)).toList());
        System.out.printf("  rounds (events per wall-second, includes time the machine gave to others): %s%n",
                wallRounds.stream().map(v -> String.format("%,.0f", v)).toList());
        System.out.printf("  median %,.0f events/s per core (target 100,000); %.0f B JSON -> %.0f B gzip per event%n",
                median, avgJson, avgGzip);
        if (sink == 42) {
            System.out.println();
        }
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "ingest");
            json.put("batch_size", BATCH);
            json.put("threads", 1);
            json.put("hmac", hmac);
            json.put("events_per_second_median", Math.round(median));
            json.put("events_per_second_rounds", rounds.stream().map(Math::round).toList());
            json.put("events_per_wall_second_rounds", wallRounds.stream().map(Math::round).toList());
            json.put("measure", "events per CPU-second of the benchmark thread");
            json.put("target_events_per_second", 100_000);
            json.put("json_bytes_per_event", Math.round(avgJson));
            json.put("gzip_bytes_per_event", Math.round(avgGzip));
            json.put("java", System.getProperty("java.version"));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        }
        return 0;
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
