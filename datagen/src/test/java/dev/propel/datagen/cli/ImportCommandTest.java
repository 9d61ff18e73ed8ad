package dev.propel.datagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

    static GenerateCommandTest.Run importing(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new GenerateCommandTest.Run(exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    static String fixture(String name) throws URISyntaxException {
        return Path.of(ImportCommandTest.class.getResource("/importer/" + name).toURI()).toString();
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        assertEquals(0, importing("--help").exit());
        assertTrue(importing("--help").out().contains("--format"));
        assertEquals(2, importing("--out", "x.jsonl", fixture("otto.jsonl")).exit(), "no format");
        assertEquals(2, importing("--format", "criteo", "--out", "x.jsonl", fixture("otto.jsonl")).exit());
        assertEquals(2, importing("--format", "otto", fixture("otto.jsonl")).exit(), "no destination");
        assertEquals(2, importing("--format", "otto", "--out", "x.jsonl").exit(), "no input");
    }

    @Test
    void importsFilesReportsBadRowsAndGoesOnAfterAMissingFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.jsonl");
        var r = importing("--format", "diginetica", "--out", out.toString(), fixture("diginetica-views.csv"),
                dir.resolve("missing.csv").toString(), fixture("diginetica-purchases.csv"));
        assertEquals(1, r.exit(), "a missing file fails the run");
        assertTrue(r.err().contains("diginetica-views.csv (diginetica): 6 records, 3 imported, 3 rejected"), r.err());
        assertTrue(r.err().contains("line 5: item id is empty"), r.err());
        assertTrue(r.err().contains("no such file"), r.err());
        assertTrue(r.err().contains("total: 5 imported, 4 rejected"), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size());
        lines.forEach(EventJson::parse);
    }

    @Test
    void aForeignFileIsReported(@TempDir Path dir) throws Exception {
        var r = importing("--format", "rees46", "--out", dir.resolve("e.jsonl").toString(), fixture("tianchi.csv"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not a rees46 file"), r.err());
    }

    @Test
    void sendsImportedEventsToTheIngestApi() throws Exception {
        try (RecordingIngestApi api = new RecordingIngestApi(-1)) {
            var r = importing("--format", "rees46", "--api", api.url(), "--batch", "2", fixture("rees46.csv"));
            assertEquals(0, r.exit(), r.err());
            assertEquals(5, api.accepted.size());
            assertEquals(List.of(2, 2, 1), api.batchSizes);
            assertTrue(r.err().contains("5 sent, 5 accepted, 0 rejected"), r.err());
        }
    }

    @Test
    void anUnreachableApiFailsTheImportInsteadOfRejectingRows() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var r = importing("--format", "tianchi", "--api", "http://127.0.0.1:" + port, "--batch", "1",
                fixture("tianchi.csv"));
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("could not post events"), r.err());
        assertTrue(!r.err().contains("unexpected value"), r.err());
    }
}
