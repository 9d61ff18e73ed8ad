package dev.propel.datagen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.datagen.output.LineFiles;
import dev.propel.datagen.truth.TruthFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        assertEquals(2, generate("--api", "not a url").exit());
        assertEquals(2, generate("--api", "ftp://host/x").exit());
        assertEquals(2, generate("--api", "http://127.0.0.1:3000", "--batch", "501").exit());
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
    void decisionsAreWrittenWithTheirTruth(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("decided.jsonl");
        Path truthFile = dir.resolve("t.jsonl");
        Run r = generate("--users", "300", "--clean", "--decisions", "--out", out.toString(), "--truth",
                truthFile.toString());
        assertEquals(0, r.exit(), r.err());
        TruthFile.Contents truth = TruthFile.read(truthFile);
        long decisionEvents;
        try (var in = LineFiles.newReader(out)) {
            decisionEvents = in.lines().filter(l -> l.contains("\"type\":\"decision\"")).count();
        }
        assertTrue(decisionEvents > 50, "decision events: " + decisionEvents);
        assertEquals(decisionEvents, truth.decisions().size());
        assertTrue(truth.decisions().stream().allMatch(d -> d.actions().size() == 3));
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
        try (RecordingIngestApi api = new RecordingIngestApi(1)) {
            Path out = dir.resolve("sent.jsonl");
            Run r = generate("--users", "400", "--days", "4", "--invalid-rate", "0.01", "--out", out.toString(),
                    "--api", api.url());
            assertEquals(0, r.exit(), r.err());
            List<String> lines = Files.readAllLines(out);
            long invalid = lines.stream().filter(l -> RecordingIngestApi.firstViolation(readTree(l)) != null).count();
            assertTrue(invalid > 0);
            assertTrue(api.batchSizes.stream().allMatch(n -> n <= 500));
            assertEquals(lines.size(), api.batchSizes.stream().mapToInt(Integer::intValue).sum(),
                    "every line sent once, the batch that met a 503 retried");
            assertTrue(r.err().contains(invalid + " rejected"), r.err());
            Set<String> ids = new HashSet<>();
            lines.stream().map(GenerateCommandTest::readTree).filter(n -> RecordingIngestApi.firstViolation(n) == null)
                    .forEach(n -> ids.add(n.get("event_id").asText()));
            assertEquals(ids, api.accepted);
        }
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
