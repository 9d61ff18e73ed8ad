package dev.propel.functions.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Builds the growth report of a range from a bucket and publishes it: {@code reports/growth/<to>/index.html},
 * then {@code reports/growth/latest.json} pointing at it (pointer last, as models are published, so the pointer
 * never names a page that is not there). Used by the scheduled function and by {@code ./propel report}.
 */
public final class GrowthReport {
    /** Where reports live. */
    public static final String PREFIX = "reports/growth/";
    /** The pointer at the newest report. */
    public static final String LATEST_KEY = PREFIX + "latest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    /** A report builder on {@code bucket}; {@code clock} stamps the page (and nothing else depends on it). */
    public GrowthReport(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** What was published. */
    public record Published(String key, boolean latestUpdated, GrowthData data, String html) {
    }

    /** The key of the page of a report ending on {@code to}. */
    public static String pageKey(LocalDate to) {
        return PREFIX + to + "/index.html";
    }

    /** Reads everything the report of {@code range} shows. */
    public GrowthData read(ReportRange range) {
        return new GrowthDataReader(s3, bucket).read(range, clock.instant());
    }

    /** The page of {@code range}, without publishing it. */
    public String render(ReportRange range) {
        return GrowthReportPage.render(read(range));
    }

    /** Renders and writes the page, then moves {@code latest.json} to it unless it points at a later report. */
    public Published publish(ReportRange range) {
        GrowthData data = read(range);
        String html = GrowthReportPage.render(data);
        String key = pageKey(range.to());
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/html; charset=utf-8"),
                RequestBody.fromString(html, StandardCharsets.UTF_8));
        boolean update = latestTo().map(t -> !t.isAfter(range.to())).orElse(true);
        if (update) {
            Map<String, Object> pointer = new LinkedHashMap<>();
            pointer.put("key", key);
            pointer.put("from", range.from().toString());
            pointer.put("to", range.to().toString());
            pointer.put("generated_at", data.generatedAt().toString());
            try {
                byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(pointer);
                s3.putObject(b -> b.bucket(bucket).key(LATEST_KEY).contentType("application/json"),
                        RequestBody.fromBytes(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Published(key, update, data, html);
    }

    /** The newest day with a {@code stats/daily} partition, if any (the CLI's default end of range). */
    public Optional<LocalDate> latestStatsDay() {
        TreeSet<LocalDate> days = new StatsReader(s3, bucket).partitions(StatsReader.DAILY);
        return days.isEmpty() ? Optional.empty() : Optional.of(days.last());
    }

    /** The page {@code latest.json} points at, if a report was published. */
    public static Optional<String> latestPage(S3Client s3, String bucket) {
        Optional<JsonNode> pointer = pointer(s3, bucket);
        if (pointer.isEmpty() || !pointer.get().hasNonNull("key")) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(pointer.get().get("key").asText()))
                    .asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private Optional<LocalDate> latestTo() {
        return pointer(s3, bucket).filter(p -> p.hasNonNull("to")).flatMap(p -> {
            try {
                return Optional.of(LocalDate.parse(p.get("to").asText()));
            } catch (RuntimeException unreadable) {
                return Optional.empty(); // a damaged pointer is replaced
            }
        });
    }

    private static Optional<JsonNode> pointer(S3Client s3, String bucket) {
        try {
            return Optional.of(JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(LATEST_KEY))
                    .asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
