package dev.propel.datagen.importer;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REES46 multi-category / cosmetics store logs (Kaggle "eCommerce behavior data"): {@code event_time, event_type,
 * product_id, category_id, category_code, brand, price, user_id, user_session}. Types view, cart,
 * remove_from_cart, purchase map to view, add_to_cart, remove_from_cart, purchase; {@code user_session} becomes
 * {@code session_id}; category and brand go to properties.
 */
final class Rees46Importer extends DelimitedImporter {
    private static final List<String> HEADER = List.of("event_time", "event_type", "product_id", "category_id",
            "category_code", "brand", "price", "user_id", "user_session");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public ImportFormat format() {
        return ImportFormat.REES46;
    }

    @Override
    char separator() {
        return ',';
    }

    @Override
    RowConverter converterFor(List<String> header) throws IOException {
        return requireHeader(header, HEADER, Rees46Importer::convert);
    }

    private static BehaviourEvent convert(String[] f, StableEventIds ids) throws BadRecordException {
        String time = required(f[0], "event_time");
        String type = switch (required(f[1], "event_type")) {
            case "view" -> EventTypes.VIEW;
            case "cart" -> EventTypes.ADD_TO_CART;
            case "remove_from_cart" -> EventTypes.REMOVE_FROM_CART;
            case "purchase" -> EventTypes.PURCHASE;
            default -> throw new BadRecordException("unknown event_type '" + f[1].trim() + "'");
        };
        String item = id(f[2], "product_id");
        Double price = price(f[6], "price");
        String user = id(f[7], "user_id");
        String session = optional(f[8]);
        LocalDateTime local;
        try {
            String t = time.endsWith(" UTC") ? time.substring(0, time.length() - 4) : time;
            local = LocalDateTime.parse(t, TIME);
        } catch (DateTimeParseException e) {
            throw new BadRecordException("event_time is not 'yyyy-MM-dd HH:mm:ss UTC': '" + time + "'");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        putIfPresent(properties, "category_id", f[3]);
        putIfPresent(properties, "category_code", f[4]);
        putIfPresent(properties, "brand", f[5]);
        String key = time + "|" + type + "|" + item + "|" + user + "|" + session + "|" + f[6].trim() + "|"
                + f[3].trim();
        return new BehaviourEvent(ids.next(key), type, user, null, session, item,
                plausible(local.toInstant(ZoneOffset.UTC), "event_time"), price, null, properties, null);
    }

    private static void putIfPresent(Map<String, String> properties, String name, String value) {
        String v = optional(value);
        if (v != null) {
            properties.put(name, v);
        }
    }
}
