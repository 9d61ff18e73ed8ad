package dev.propel.datagen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.propel.datagen.output.LineFiles;
import dev.propel.datagen.truth.TruthFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
    }

    static Run generate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndUsageErrors() {
        Run help = generate("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("usage: ./propel generate"));
        assertEquals(2, generate("--users", "zero").exit());
        assertEquals(2, generate("--late-rate", "2").exit());
        assertEquals(2, generate("--frobnicate").exit());
        assertEquals(2, generate("--start", "tomorrow").exit());
    }

    @Test
    void writesEventsAndSidecarDeterministically(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a/events.jsonl.gz");
        Path b = dir.resolve("b/events.jsonl.gz");
        Run first = generate("--users", "300", "--days", "5", "--seed", "9", "--out", a.toString(), "--oracle");
        Run second = generate("--users", "300", "--days", "5", "--seed", "9", "--out", b.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals(0, second.exit(), second.err());
        assertTrue(first.err().contains("oracle ROC AUC: conversion"), first.err());
        assertTrue(first.err().contains("events/s"));
        Path truth = dir.resolve("a/events.truth.jsonl.gz");
        assertTrue(Files.isRegularFile(truth));
        // Same lines with the same content (compared as JSON: the order of keys inside "properties" follows
        // core's Map.copyOf and may differ between JVM runs) and a byte-identical sidecar.
        assertEquals(jsonLines(a), jsonLines(b));
        assertArrayEquals(gunzip(truth), gunzip(dir.resolve("b/events.truth.jsonl.gz")));
        long lines;
        try (var in = LineFiles.newReader(a)) {
            lines = in.lines().count();
        }
        TruthFile.Contents contents = TruthFile.read(truth);
        assertTrue(lines > contents.conversion().size(), "duplicates and invalid events on top of the true ones");
    }

    @Test
    void cleanRunHasOneLinePerTruthRow(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("clean.jsonl");
        Run r = generate("--users", "200", "--clean", "--out", out.toString(), "--truth", dir.resolve("t.jsonl")
                .toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(TruthFile.read(dir.resolve("t.jsonl")).conversion().size(), Files.readAllLines(out).size());
    }

    @Test
    void postsToTheIngestApiInBatchesAndTalliesItsAnswers(@TempDir Path dir) throws IOException {
        List<Integer> batchSizes = new ArrayList<>();
        Set<String> received = new HashSet<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer;
            int status;
            if (calls.getAndIncrement() == 1) {
                status = 503; // one transient failure: the sender must retry the same batch
                answer = "{\"error\":\"busy\"}";
            } else {
                JsonNode events = JSON.readTree(body).get("events");
                batchSizes.add(events.size());
                int accepted = 0;
                StringBuilder rejected = new StringBuilder();
                for (int i = 0; i < events.size(); i++) {
                    String field = firstViolation(events.get(i));
                    if (field == null) {
                        accepted++;
                        received.add(events.get(i).get("event_id").asText());
                    } else {
                        rejected.append(rejected.length() > 0 ? "," : "").append("{\"index\":").append(i)
                                .append(",\"field\":\"").append(field).append("\",\"error\":\"invalid\"}");
                    }
                }
                status = 202;
                answer = "{\"accepted\":" + accepted + ",\"rejected\":[" + rejected + "]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            Path out = dir.resolve("sent.jsonl");
            Run r = generate("--users", "400", "--days", "4", "--invalid-rate", "0.01", "--out", out.toString(),
                    "--api", "http://127.0.0.1:" + server.getAddress().getPort());
            assertEquals(0, r.exit(), r.err());
            List<String> lines = Files.readAllLines(out);
            long invalid = lines.stream().filter(l -> firstViolation(readTree(l)) != null).count();
            assertTrue(invalid > 0);
            assertTrue(batchSizes.stream().allMatch(n -> n <= 500));
            assertEquals(lines.size(), batchSizes.stream().mapToInt(Integer::intValue).sum(), "every line sent once");
            assertTrue(r.err().contains("rejected " + invalid) || r.err().contains(invalid + " rejected"), r.err());
            Set<String> ids = new HashSet<>();
            lines.stream().map(GenerateCommandTest::readTree).filter(n -> firstViolation(n) == null)
                    .forEach(n -> ids.add(n.get("event_id").asText()));
            assertEquals(ids, received);
        } finally {
            server.stop(0);
        }
    }

    /** The ingest contract's rules the simulator's invalid events break (DESIGN §2). */
    static String firstViolation(JsonNode e) {
        if (!e.hasNonNull("event_id")) {
            return "event_id";
        }
        if (!e.hasNonNull("type")) {
            return "type";
        }
        if (!e.hasNonNull("user_id") && !e.hasNonNull("anonymous_id")) {
            return "user_id";
        }
        if (Set.of("view", "click", "add_to_cart", "remove_from_cart", "purchase").contains(e.get("type").asText())
                && !e.hasNonNull("item_id")) {
            return "item_id";
        }
        try {
            Instant.parse(e.path("timestamp").asText());
        } catch (RuntimeException bad) {
            return "timestamp";
        }
        return null;
    }

    static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> jsonLines(Path p) throws IOException {
        try (var in = LineFiles.newReader(p)) {
            return in.lines().map(GenerateCommandTest::readTree).toList();
        }
    }

    static byte[] gunzip(Path p) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }
}
