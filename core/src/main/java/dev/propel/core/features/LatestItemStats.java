package dev.propel.core.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The newest item stats as serving loads them at cold start: {@code stats/items/latest.json} then the partition it
 * points at.
 *
 * @param dt    the day of the partition (stats cover every day up to and including it)
 * @param key   the partition's object key
 * @param table the rows
 */
public record LatestItemStats(LocalDate dt, String key, ItemStatsTable table) {
    /** The pointer object the datasets stage writes last. */
    public static final String LATEST_KEY = S3Layout.statsPrefix("items") + "latest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads the newest item stats, or empty when the datasets stage has not run yet. */
    public static Optional<LatestItemStats> load(S3Client s3, String bucket) {
        JsonNode latest;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(LATEST_KEY))) {
            latest = JSON.readTree(in);
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = latest.path("key").asText(null);
        if (key == null) {
            throw new IllegalStateException(LATEST_KEY + " lacks \"key\"");
        }
        try (InputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)), 1 << 16)) {
            return Optional.of(new LatestItemStats(LocalDate.parse(latest.path("dt").asText()), key,
                    ItemStatsTable.read(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
