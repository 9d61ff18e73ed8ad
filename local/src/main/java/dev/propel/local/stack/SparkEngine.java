package dev.propel.local.stack;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The datasets stage on Apache Spark, as {@code ./propel datasets --engine spark} runs it: implemented by the
 * {@code datasets-spark} module and found with {@link java.util.ServiceLoader} (local never depends on Spark; the
 * launcher puts that module on the class path for this command).
 */
public interface SparkEngine {

    /**
     * Builds the days in order on Spark in this JVM ({@code local[threads]}) against an S3 endpoint, then the
     * recall artefact; prints the answer (the handler's shape) on {@code out}.
     *
     * @return the exit code: 0 built, 1 failed
     */
    int build(String s3Endpoint, String bucket, List<LocalDate> days, int lateDays, int threads, PrintStream out,
            PrintStream err);
}
