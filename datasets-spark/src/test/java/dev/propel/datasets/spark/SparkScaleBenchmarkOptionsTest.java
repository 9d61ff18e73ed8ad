package dev.propel.datasets.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The scale benchmark's options: the ./propel commands' parser, so bad usage is exit code 2 naming the option. */
class SparkScaleBenchmarkOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SparkScaleBenchmark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOption() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--data", "--generate", "--users", "--engine", "--threads", "--part-mb"}) {
            assertTrue(help.contains(option), option + " in " + help);
        }
    }

    @Test
    void anUnknownEngineIsBadUsageNamingTheOption() {
        assertEquals(2, run("--engine", "flink"));
        assertTrue(err().contains("--engine"), err());
        assertTrue(err().contains("flink"), err());
    }

    @Test
    void aNonPositiveCountIsBadUsageNamingTheOption() {
        assertEquals(2, run("--threads", "0"));
        assertTrue(err().contains("--threads must be at least 1, got 0"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing started, nothing printed");
    }

    @Test
    void aMissingValueIsBadUsage() {
        assertEquals(2, run("--users"));
        assertTrue(err().contains("--users"), err());
    }
}
