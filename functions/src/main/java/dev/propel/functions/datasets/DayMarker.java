package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commit record of one built day, {@code stats/_chain/dt=YYYY-MM-DD.json}, written after all of the day's
 * objects: the ETags of the running-stats parts it wrote, the ETags of the previous day's parts
 * it was built on, and a fingerprint of the clean objects it read. A day is current when its previous day's parts
 * still have those ETags and its clean inputs that fingerprint; readers of its parts ask for those ETags, so a
 * part is never paired with another run's record. No run id: rebuilding a day from the same inputs rewrites the
 * same bytes, the record included.
 *
 * @param previous           the day built on, null for the first day of the chain
 * @param previousItemsETag  ETag of the previous day's {@code stats/items} part (null for the first day)
 * @param previousUsersETag  ETag of the previous day's {@code stats/users} part (null for the first day)
 * @param lateDays           days of later clean partitions read for late events
 * @param cleanObjects       clean objects read
 * @param cleanFingerprint   SHA-256 of the keys and ETags of the clean objects read
 */
record DayMarker(LocalDate day, LocalDate previous, String previousItemsETag, String previousUsersETag,
        String itemsETag, String usersETag, int lateDays, int cleanObjects, String cleanFingerprint) {

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dt", day.toString());
        m.put("previous", previous == null ? null : previous.toString());
        m.put("previous_items_etag", previousItemsETag);
        m.put("previous_users_etag", previousUsersETag);
        m.put("items_etag", itemsETag);
        m.put("users_etag", usersETag);
        m.put("late_days", lateDays);
        m.put("clean_objects", cleanObjects);
        m.put("clean_fingerprint", cleanFingerprint);
        return m;
    }

    static DayMarker of(JsonNode n) {
        return new DayMarker(LocalDate.parse(n.path("dt").asText()),
                n.hasNonNull("previous") ? LocalDate.parse(n.get("previous").asText()) : null,
                text(n, "previous_items_etag"), text(n, "previous_users_etag"), text(n, "items_etag"),
                text(n, "users_etag"), n.path("late_days").asInt(0), n.path("clean_objects").asInt(0),
                text(n, "clean_fingerprint"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
