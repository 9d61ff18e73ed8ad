package dev.propel.functions.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only reader of the REES46 sample ({@code event_time,event_type,product_id,category_id,category_code,brand,
 * price,user_id,user_session}) into events as Stage 1 would leave them; the real importer lives in datagen.
 */
final class Rees46Sample {
    static final String FILE = "rees46_2019-Oct_head_sample.csv";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private Rees46Sample() {
    }

    /** One parsed line: the event plus the raw user and session columns for independent checks. */
    record Line(BehaviourEvent event, String userId, String userSession) {
    }

    static List<Line> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Line> out = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            String type = switch (f[1]) {
                case "view" -> EventTypes.VIEW;
                case "cart" -> EventTypes.ADD_TO_CART;
                case "remove_from_cart" -> EventTypes.REMOVE_FROM_CART;
                case "purchase" -> EventTypes.PURCHASE;
                default -> f[1];
            };
            var at = LocalDateTime.parse(f[0], TIME).toInstant(ZoneOffset.UTC);
            Map<String, String> props = new LinkedHashMap<>();
            if (!f[4].isEmpty()) {
                props.put("category_code", f[4]);
            }
            if (!f[5].isEmpty()) {
                props.put("brand", f[5]);
            }
            BehaviourEvent e = new BehaviourEvent("rees46-" + i, type, f[7], null, f[8].isEmpty() ? null : f[8], f[2],
                    at, f[6].isEmpty() ? null : Double.valueOf(f[6]), null, props, at);
            out.add(new Line(e, f[7], f[8]));
        }
        return out;
    }
}
