package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./propel invoke} from an event file, with no stack running (it starts the S3 over the state). */
class InvokeCommandTest {
    private static final String TEMPLATE = "src/test/resources/test-template.yaml";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int invoke(String stdin, String... args) {
        return InvokeCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void invokesAFunctionWithAnEventFileAndPrintsTheResponse(@TempDir Path state) throws Exception {
        int code = invoke("", "EchoFunction", "-e", "src/test/resources/events/echo-post.json",
                "--template", TEMPLATE, "--state", state.toString(), "--env", "GREETING=overridden");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonNode response = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(201, response.get("statusCode").asInt());
        JsonNode echoed = new ObjectMapper().readTree(response.get("body").asText());
        assertEquals("{\"hello\":\"file\"}", echoed.get("body").asText());
        assertEquals("1", echoed.get("query").get("debug").asText());
        assertEquals("overridden", echoed.get("env").get("GREETING").asText());
        assertTrue(echoed.get("env").get("PROPEL_S3_ENDPOINT").asText().startsWith("http://127.0.0.1:"));
        assertTrue(Files.isDirectory(state.resolve("s3").resolve("propel-000000000000-events")),
                "the bucket lives in the state folder");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("\"function\":\"EchoFunction\""));
    }

    @Test
    void theReadmesPreprocessExampleRunsAsWrittenOnAFreshState(@TempDir Path state) throws Exception {
        // the sample names an AWS bucket and a raw object no local state holds: both are prepared, said in a line
        int code = invoke("", "PreprocessFunction", "-e", "../events/preprocess-s3-put.json",
                "--template", "../template.yaml", "--state", state.toString());
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        assertTrue(log.contains("using the local bucket"), log);
        assertTrue(log.contains("wrote two sample events to s3://"), log);
        assertTrue(!log.contains("\tat "), "no stack trace: " + log);
        try (var files = Files.walk(state.resolve("s3"))) {
            assertTrue(files.anyMatch(p -> p.toString().contains("clean") && p.toString().endsWith(".jsonl.gz")),
                    "the sample object was preprocessed into clean/");
        }
        err.reset();
        assertEquals(0, invoke("", "PreprocessFunction", "-e", "../events/preprocess-s3-put.json",
                "--template", "../template.yaml", "--state", state.toString()));
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("wrote two sample events"),
                "an existing object is used as it is");
    }

    @Test
    void readsTheEventFromStandardInputAndExitsOneWhenTheFunctionFails(@TempDir Path state) {
        assertEquals(0, invoke("\"quiet\"", "StreamFunction", "-e", "-", "--template", TEMPLATE,
                "--state", state.toString()));
        assertEquals("\"QUIET\"", out.toString(StandardCharsets.UTF_8).trim());
        out.reset();
        assertEquals(1, invoke("\"fail\"", "StreamFunction", "-e", "-", "--template", TEMPLATE,
                "--state", state.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"errorMessage\":\"asked to fail\""));
    }

    @Test
    void unknownFunctionsAndMissingFilesAreClearErrors(@TempDir Path state) {
        assertEquals(2, invoke("", "NoSuchFunction", "--template", TEMPLATE, "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("functions: EchoFunction, RecorderFunction"));
        err.reset();
        assertEquals(2, invoke("", "EchoFunction", "-e", "missing.json", "--template", TEMPLATE,
                "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no event file"));
    }
}
