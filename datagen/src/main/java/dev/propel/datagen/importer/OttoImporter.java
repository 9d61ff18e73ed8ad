package dev.propel.datagen.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.output.LineFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OTTO session-based recommendation dataset ({@code train.jsonl}): one session per line,
 * {@code {"session": N, "events": [{"aid": A, "ts": T, "type": "clicks"|"carts"|"orders"}, …]}}. Clicks (opening
 * an article's page) map to view, carts to add_to_cart, orders to purchase; the original type is kept in property
 * {@code source_event}. Sessions are anonymous: {@code session_id} is the session number and {@code anonymous_id}
 * is {@code session:<number>}. {@code ts} is epoch milliseconds (the Kaggle copy's seconds are recognised by
 * their size and scaled).
 */
final class OttoImporter implements EventLogImporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ImportFormat format() {
        return ImportFormat.OTTO;
    }

    @Override
    public ImportReport importFile(Path file, Consumer<BehaviourEvent> sink) throws IOException {
        ImportReport.Builder report = new ImportReport.Builder(format(), file.toString());
        StableEventIds ids = new StableEventIds(format());
        try (BufferedReader in = LineFiles.newReader(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode root;
                try {
                    root = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    root = null;
                }
                if (root == null || !root.isObject()) {
                    if (number == 1) { // a foreign file, not a bad record
                        throw new IOException("not an otto file: line 1 is not a JSON object");
                    }
                    report.rejected(number, "not a JSON object");
                    continue;
                }
                JsonNode sessionNode = root.get("session");
                JsonNode events = root.get("events");
                if (sessionNode == null || !(sessionNode.isIntegralNumber() || sessionNode.isTextual())
                        || sessionNode.asText().isBlank()) {
                    report.rejected(number, "session is missing or not a number");
                    continue;
                }
                if (events == null || !events.isArray()) {
                    report.rejected(number, "events is missing or not an array");
                    continue;
                }
                String session = sessionNode.asText();
                int index = 0;
                for (JsonNode e : events) {
                    BehaviourEvent event;
                    try {
                        event = convert(session, e, ids);
                    } catch (BadRecordException ex) {
                        report.rejected(number, "event " + index++ + ": " + ex.getMessage());
                        continue;
                    }
                    index++;
                    sink.accept(event);
                    report.imported();
                }
            }
        }
        return report.build();
    }

    private static BehaviourEvent convert(String session, JsonNode e, StableEventIds ids) throws BadRecordException {
        JsonNode aid = e.get("aid");
        JsonNode ts = e.get("ts");
        JsonNode typeNode = e.get("type");
        if (aid == null || !(aid.isIntegralNumber() || aid.isTextual()) || aid.asText().isBlank()) {
            throw new BadRecordException("aid is missing or not an id");
        }
        if (ts == null || !ts.isIntegralNumber()) {
            throw new BadRecordException("ts is missing or not a whole number");
        }
        if (typeNode == null || !typeNode.isTextual()) {
            throw new BadRecordException("type is missing");
        }
        String source = typeNode.asText();
        String type = switch (source) {
            case "clicks" -> EventTypes.VIEW;
            case "carts" -> EventTypes.ADD_TO_CART;
            case "orders" -> EventTypes.PURCHASE;
            default -> throw new BadRecordException("unknown type '" + source + "'");
        };
        long t = ts.asLong();
        long millis = t < 100_000_000_000L ? t * 1000 : t;
        Instant when = Instant.ofEpochMilli(millis);
        if (when.isBefore(DelimitedImporter.EARLIEST) || !when.isBefore(DelimitedImporter.LATEST)) {
            throw new BadRecordException("ts is out of range: " + t);
        }
        String item = aid.asText();
        String key = session + "|" + item + "|" + t + "|" + source;
        return new BehaviourEvent(ids.next(key), type, null, "session:" + session, session, item, when, null, null,
                Map.of("source_event", source), null);
    }
}
