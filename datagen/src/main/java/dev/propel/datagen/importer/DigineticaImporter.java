package dev.propel.datagen.importer;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * DIGINETICA (CIKM Cup 2016), {@code ;}-separated, two files told apart by their header: item views
 * {@code session_id;user_id;item_id;timeframe;eventdate} become view events, purchases
 * {@code sessionId;userId;timeframe;eventdate;ordernumber;itemId} become purchase events with property
 * {@code order_number}. The timestamp is {@code eventdate} (UTC midnight) plus {@code timeframe} milliseconds.
 * Users given as {@code NA} are anonymous: their {@code anonymous_id} is {@code session:<session id>}.
 */
final class DigineticaImporter extends DelimitedImporter {
    private static final List<String> VIEWS = List.of("session_id", "user_id", "item_id", "timeframe", "eventdate");
    private static final List<String> PURCHASES = List.of("sessionId", "userId", "timeframe", "eventdate",
            "ordernumber", "itemId");

    @Override
    public ImportFormat format() {
        return ImportFormat.DIGINETICA;
    }

    @Override
    char separator() {
        return ';';
    }

    @Override
    RowConverter converterFor(List<String> header) throws IOException {
        if (header.equals(VIEWS)) {
            return (f, ids) -> convert(EventTypes.VIEW, f[0], f[1], f[2], f[3], f[4], null, ids);
        }
        if (header.equals(PURCHASES)) {
            return (f, ids) -> convert(EventTypes.PURCHASE, f[0], f[1], f[5], f[2], f[3], f[4], ids);
        }
        throw foreignHeader(format(), header, String.join(";", VIEWS), String.join(";", PURCHASES));
    }

    private static BehaviourEvent convert(String type, String sessionField, String userField, String itemField,
                                          String timeframeField, String dateField, String orderField,
                                          StableEventIds ids) throws BadRecordException {
        String session = id(sessionField, "session id");
        String user = optional(userField);
        if (user != null && (user.equals("NA") || user.equals("null"))) {
            user = null;
        }
        if (user != null) {
            user = id(user, "user id");
        }
        String item = id(itemField, "item id");
        long timeframe = whole(timeframeField, "timeframe");
        if (timeframe < 0) {
            throw new BadRecordException("timeframe is negative: " + timeframe);
        }
        String date = required(dateField, "eventdate");
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadRecordException("eventdate is not 'yyyy-MM-dd': '" + date + "'");
        }
        String order = orderField == null ? null : id(orderField, "ordernumber");
        Map<String, String> properties = order == null ? Map.of() : Map.of("order_number", order);
        String key = type + "|" + session + "|" + user + "|" + item + "|" + timeframe + "|" + date + "|" + order;
        return new BehaviourEvent(ids.next(key), type, user, user == null ? "session:" + session : null, session,
                item, plausible(day.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(timeframe), "eventdate"),
                null, null, properties, null);
    }
}
