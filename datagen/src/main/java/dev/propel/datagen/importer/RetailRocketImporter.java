package dev.propel.datagen.importer;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * RetailRocket {@code events.csv}: {@code timestamp (epoch ms), visitorid, event, itemid, transactionid}. Types
 * view, addtocart, transaction map to view, add_to_cart, purchase; visitors are anonymous (the visitor id becomes
 * {@code anonymous_id}); the transaction id goes to property {@code transaction_id}. No session ids: the pipeline
 * cuts sessions at 30 minutes.
 */
final class RetailRocketImporter extends DelimitedImporter {
    private static final List<String> HEADER = List.of("timestamp", "visitorid", "event", "itemid", "transactionid");

    @Override
    public ImportFormat format() {
        return ImportFormat.RETAILROCKET;
    }

    @Override
    char separator() {
        return ',';
    }

    @Override
    RowConverter converterFor(List<String> header) throws IOException {
        return requireHeader(header, HEADER, RetailRocketImporter::convert);
    }

    private static BehaviourEvent convert(String[] f, StableEventIds ids) throws BadRecordException {
        long millis = whole(f[0], "timestamp");
        String visitor = id(f[1], "visitorid");
        String type = switch (required(f[2], "event")) {
            case "view" -> EventTypes.VIEW;
            case "addtocart" -> EventTypes.ADD_TO_CART;
            case "transaction" -> EventTypes.PURCHASE;
            default -> throw new BadRecordException("unknown event '" + f[2].trim() + "'");
        };
        String item = id(f[3], "itemid");
        String transaction = optional(f[4]);
        if (type.equals(EventTypes.PURCHASE) && transaction == null) {
            throw new BadRecordException("transactionid is empty for a transaction");
        }
        Map<String, String> properties = transaction == null ? Map.of() : Map.of("transaction_id", transaction);
        String key = millis + "|" + visitor + "|" + type + "|" + item + "|" + transaction;
        return new BehaviourEvent(ids.next(key), type, null, visitor, null, item,
                plausible(Instant.ofEpochMilli(millis), "timestamp"), null, null, properties, null);
    }
}
