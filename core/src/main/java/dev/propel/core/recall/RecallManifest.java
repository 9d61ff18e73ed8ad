package dev.propel.core.recall;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * {@code recall/latest.json}: which recall artefact serving loads, written after the artefact itself (pointer
 * last), with the checksum that proves the artefact complete.
 *
 * @param version       the artefact's version (UTC build time, {@code yyyyMMdd'T'HHmmss'Z'})
 * @param key           the artefact's S3 key ({@code recall/<version>/recall.bin})
 * @param sha256        hex SHA-256 of the artefact's bytes
 * @param bytes         the artefact's size
 * @param formatVersion {@link RecallIndex#FORMAT_VERSION} of the artefact
 * @param items         items recall knows
 * @param sessions      sessions it was built from
 * @param from          first day of the window it was built from (ISO date), or null
 * @param to            last day of that window (ISO date), or null
 * @param createdAt     when it was built (ISO-8601 instant)
 */
public record RecallManifest(
        @JsonProperty("version") String version,
        @JsonProperty("key") String key,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("items") int items,
        @JsonProperty("sessions") int sessions,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("created_at") String createdAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RecallManifest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the manifest; a document that is not one is refused with the reason. */
    public static RecallManifest fromJson(byte[] json) {
        try {
            return JSON.readValue(json, RecallManifest.class);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("not a recall manifest: " + e.getMessage(), e);
        }
    }
}
