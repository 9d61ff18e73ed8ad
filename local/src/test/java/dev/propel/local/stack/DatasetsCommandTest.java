package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ./propel datasets}: usage errors and a missing Spark engine answer before anything is read or built. */
class DatasetsCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T13:00:00Z"), ZoneOffset.UTC);

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DatasetsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK, Optional.empty());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownEngineIsABadUsage() {
        Run r = run("--engine", "flink", "--from", "2026-11-02");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("propel datasets: Invalid value for option '--engine': expected one of "
                + "[lambda, spark]") && r.err().contains("'flink'"), r.err());
    }

    @Test
    void aBadRangeIsRefusedWithTheHandlersMessageAndField() {
        Run r = run("--engine", "spark", "--from", "2026-11-09", "--to", "2026-11-02");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("propel datasets: ") && r.err().contains("(to)"), r.err());
    }

    @Test
    void withoutTheSparkModuleOnTheClassPathTheEngineIsNotAvailable() {
        Run r = run("--engine", "spark", "--from", "2026-11-02");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("datasets-spark") && r.err().contains("./propel"), r.err());
    }

    @Test
    void fromIsRequired() {
        Run r = run("--engine", "spark");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("propel datasets: Missing required option: '--from"), r.err());
    }
}
