package dev.propel.core.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bucket's key layout (DESIGN §3): Hive-style partitions that Athena, Spark and DuckDB read as they are.
 * Every derived key is a pure function of its input's key, which is what makes reprocessing idempotent.
 */
public final class S3Layout {
    public static final String RAW = "raw/";
    public static final String CLEAN = "clean/";
    public static final String QUARANTINE = "quarantine/";
    public static final String DATASETS = "datasets/";
    public static final String STATS = "stats/";
    public static final String MODELS = "models/";
    public static final String CONFIG = "config/";
    public static final String RECALL = "recall/";
    public static final String EVENT_OBJECT_SUFFIX = ".jsonl.gz";
    /** The day partition's key, the Hive-style {@code dt=} every day-partitioned table uses. */
    public static final String DAY_KEY = "dt=";
    /** The manifest of a day partition of a datasets or stats table, written after its parts. */
    public static final String PARTITION_MANIFEST = "_manifest.json";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final Pattern PARTITIONED =
            Pattern.compile("^(raw|clean)/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/([^/]+)$");

    private S3Layout() {
    }

    /** The hour partition of an instant, e.g. {@code dt=2026-11-28/hour=09/}. */
    public static String partition(Instant at) {
        var t = at.atOffset(ZoneOffset.UTC);
        return dayPartition(t.toLocalDate()) + "hour=" + String.format("%02d", t.getHour()) + "/";
    }

    /**
     * Key of the raw object one ingest request writes: partitioned by receive time, named by receive time then
     * request id so names sort by time and never collide.
     */
    public static String rawKey(Instant receivedAt, String requestId) {
        String safeId = requestId.replaceAll("[^A-Za-z0-9_-]", "_");
        return RAW + partition(receivedAt) + receivedAt.toEpochMilli() + "-" + safeId + EVENT_OBJECT_SUFFIX;
    }

    /**
     * Marks the raw objects the decide function writes: its role may only put {@code raw/} keys holding it, so an
     * internet-facing serving function cannot write other events (template.yaml, README "Security").
     */
    public static final String DECISION_MARK = "-decision-";

    /**
     * Key of the raw object recording one decision: a {@link #rawKey} whose name carries {@link #DECISION_MARK}, so
     * preprocessing treats it as any raw object.
     */
    public static String decisionKey(Instant decidedAt, String requestId) {
        return rawKey(decidedAt, DECISION_MARK.substring(1) + requestId);
    }

    /** The clean object derived from a raw key: same partition, same name. */
    public static String cleanKeyFor(String rawKey) {
        if (!rawKey.startsWith(RAW)) {
            throw new IllegalArgumentException("not a raw/ key: " + rawKey);
        }
        return CLEAN + rawKey.substring(RAW.length());
    }

    /** Where an object (or its bad lines) that could not be processed is set aside, keyed on the source key. */
    public static String quarantineKeyFor(String sourceKey) {
        return QUARANTINE + sourceKey;
    }

    /** The JSON file next to a quarantined object that says why it is there. */
    public static String quarantineReasonKeyFor(String sourceKey) {
        return QUARANTINE + sourceKey + ".reason.json";
    }

    /** Prefix of one day's partition of a dataset table, e.g. {@code datasets/conversion/dt=2026-11-28/}. */
    public static String datasetPrefix(String task, LocalDate day) {
        return partitionPrefix(datasetPrefix(task), day);
    }

    /** The day partition folder, e.g. {@code dt=2026-11-28/}. */
    public static String dayPartition(LocalDate day) {
        return DAY_KEY + DAY.format(day) + "/";
    }

    /** Prefix of one day's partition under a table prefix, e.g. {@code stats/items/dt=2026-11-28/}. */
    public static String partitionPrefix(String tablePrefix, LocalDate day) {
        return tablePrefix + dayPartition(day);
    }

    /** The manifest of one day's partition under a table prefix. */
    public static String partitionManifestKey(String tablePrefix, LocalDate day) {
        return partitionPrefix(tablePrefix, day) + PARTITION_MANIFEST;
    }

    /** What to list, with delimiter {@code /}, to find a table's day partitions: {@code <tablePrefix>dt=}. */
    public static String partitionListPrefix(String tablePrefix) {
        return tablePrefix + DAY_KEY;
    }

    /**
     * The day of a listed partition folder ({@code <tablePrefix>dt=YYYY-MM-DD/}); empty for anything else, such as
     * a stray folder under the table.
     */
    public static Optional<LocalDate> partitionDay(String tablePrefix, String folder) {
        String start = partitionListPrefix(tablePrefix);
        if (!folder.startsWith(start) || !folder.endsWith("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(folder.substring(start.length(), folder.length() - 1), DAY));
        } catch (DateTimeParseException notADay) {
            return Optional.empty();
        }
    }

    /** Prefix of all partitions of a dataset table. */
    public static String datasetPrefix(String task) {
        return DATASETS + task + "/";
    }

    /** Prefix of one stats table, e.g. {@code stats/items/}. */
    public static String statsPrefix(String table) {
        return STATS + table + "/";
    }

    /** Folder of one published model version. */
    public static String modelPrefix(String task, String version) {
        return MODELS + task + "/" + version + "/";
    }

    /** The manifest that serving follows: {@code models/<task>/latest.json}. */
    public static String manifestKey(String task) {
        return MODELS + task + "/latest.json";
    }

    /** The recall artefact of one version: {@code recall/<version>/recall.bin}. */
    public static String recallKey(String version) {
        return RECALL + version + "/recall.bin";
    }

    /** The recall manifest serving follows, written after the artefact: {@code recall/latest.json}. */
    public static String recallManifestKey() {
        return RECALL + "latest.json";
    }

    /** The decide function's policy document. */
    public static String policyKey() {
        return CONFIG + "policy.json";
    }

    /** Parses a {@code raw/} or {@code clean/} object key into its parts, if it has that shape. */
    public static Optional<PartitionedKey> parse(String key) {
        Matcher m = PARTITIONED.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionedKey(m.group(1), LocalDate.parse(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4)));
    }

    /** The parts of an hour-partitioned event object key. */
    public record PartitionedKey(String area, LocalDate day, int hour, String name) {
    }
}
