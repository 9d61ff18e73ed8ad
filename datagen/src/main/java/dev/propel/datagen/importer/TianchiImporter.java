package dev.propel.datagen.importer;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Alibaba Tianchi mobile recommendation 2014 ({@code tianchi_mobile_recommend_train_user.csv}): {@code user_id,
 * item_id, behavior_type, user_geohash, item_category, time}. Behaviour 1 (browse, "click" in the dataset's own
 * docs: opening an item's page) maps to view, 2 (collect) to the custom type {@code add_to_wishlist}, 3 to
 * add_to_cart, 4 to purchase; the original code is kept in property {@code source_event}. Times have hour
 * resolution in China Standard Time (UTC+8) and are converted to UTC. The geohash (a location) is dropped.
 */
final class TianchiImporter extends DelimitedImporter {
    /** The custom event type for Tianchi's "collect" (bookmark an item). */
    static final String ADD_TO_WISHLIST = "add_to_wishlist";
    private static final List<String> HEADER = List.of("user_id", "item_id", "behavior_type", "user_geohash",
            "item_category", "time");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    @Override
    public ImportFormat format() {
        return ImportFormat.TIANCHI;
    }

    @Override
    char separator() {
        return ',';
    }

    @Override
    RowConverter converterFor(List<String> header) throws IOException {
        return requireHeader(header, HEADER, TianchiImporter::convert);
    }

    private static BehaviourEvent convert(String[] f, StableEventIds ids) throws BadRecordException {
        String user = id(f[0], "user_id");
        String item = id(f[1], "item_id");
        String behaviour = required(f[2], "behavior_type");
        String type = switch (behaviour) {
            case "1" -> EventTypes.VIEW;
            case "2" -> ADD_TO_WISHLIST;
            case "3" -> EventTypes.ADD_TO_CART;
            case "4" -> EventTypes.PURCHASE;
            default -> throw new BadRecordException("behavior_type must be 1, 2, 3 or 4, was '" + behaviour + "'");
        };
        String category = optional(f[4]);
        String time = required(f[5], "time");
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(time, TIME);
        } catch (DateTimeParseException e) {
            throw new BadRecordException("time is not 'yyyy-MM-dd HH': '" + time + "'");
        }
        Map<String, String> properties = category == null ? Map.of("source_event", behaviour)
                : Map.of("item_category", category, "source_event", behaviour);
        String key = user + "|" + item + "|" + behaviour + "|" + category + "|" + time;
        return new BehaviourEvent(ids.next(key), type, user, null, null, item,
                plausible(local.toInstant(CHINA), "time"), null, null, properties, null);
    }
}
