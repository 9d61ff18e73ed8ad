package dev.propel.core.event;

/**
 * The documented, enforced limits of the ingest contract (docs/ingest.md). Ingest rejects what exceeds them and
 * preprocessing re-checks them, so every stored event fits the same bounds whoever wrote it.
 *
 * @param maxEvents              events per request
 * @param maxBodyBytes           request body bytes, after base64 and gzip decoding (gzip bombs stop here)
 * @param maxIdLength            characters of {@code event_id}, {@code user_id}, {@code anonymous_id},
 *                               {@code session_id}, {@code item_id}
 * @param maxTypeLength          characters of {@code type}
 * @param maxProperties          entries of {@code properties}
 * @param maxPropertyKeyLength   characters of one {@code properties} key
 * @param maxPropertyValueLength characters of one {@code properties} value
 * @param maxPrice               largest accepted {@code price} (prices are never negative)
 * @param maxQuantity            largest accepted {@code quantity} (quantities are never negative)
 * @param maxClockAhead          how far an event's {@code timestamp} may lie after the time it was received
 *                               (after the {@code sent_at} correction): a client clock set to 2099 would
 *                               otherwise stretch its session and drop it from the datasets
 */
public record IngestLimits(
        int maxEvents,
        int maxBodyBytes,
        int maxIdLength,
        int maxTypeLength,
        int maxProperties,
        int maxPropertyKeyLength,
        int maxPropertyValueLength,
        double maxPrice,
        int maxQuantity,
        java.time.Duration maxClockAhead) {

    /** The limits Propel ships with: Personalize-like batch size, API Gateway-friendly body size. */
    public static final IngestLimits DEFAULT =
            new IngestLimits(500, 1024 * 1024, 256, 64, 50, 128, 1024, 1_000_000_000d, 10_000,
                    java.time.Duration.ofDays(1));

    public IngestLimits {
        if (maxEvents < 1 || maxBodyBytes < 1 || maxIdLength < 1 || maxTypeLength < 1 || maxProperties < 0
                || maxPropertyKeyLength < 1 || maxPropertyValueLength < 1 || !(maxPrice > 0) || maxQuantity < 1
                || maxClockAhead == null || maxClockAhead.isNegative()) {
            throw new IllegalArgumentException("ingest limits must be positive");
        }
    }
}
