package dev.propel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks stored event objects against a table of {@code docs/athena.sql} with a reader independent of Propel's
 * codec (Jackson's tree model, the JDK's ISO parser): the key matches the partition template, every line is a
 * JSON object whose fields are declared columns of the declared types, and the partition is the receive hour.
 */
public final class AthenaLayoutCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AthenaLayoutCheck() {
    }

    public static void check(AthenaDdl table, String key, List<String> lines) {
        String prefix = table.location().replaceFirst("^s3://[^/]+/", "");
        String template = table.locationTemplate().replaceFirst("^s3://[^/]+/", "");
        assertTrue(template.startsWith(prefix), template);
        Pattern partition = Pattern.compile(Pattern.quote(prefix) + "dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/[^/]+\\.gz");
        Matcher m = partition.matcher(key);
        assertTrue(m.matches(), key + " does not match " + template);
        assertTrue(Integer.parseInt(m.group(2)) <= 23, key);
        assertTrue(!lines.isEmpty(), key);
        for (String line : lines) {
            JsonNode row;
            try {
                row = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(key, e);
            }
            assertTrue(row.isObject(), line);
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String type = table.columns().get(f.getKey());
                assertTrue(type != null, "column " + f.getKey() + " not in the DDL");
                JsonNode v = f.getValue();
                switch (type) {
                    case "string" -> assertTrue(v.isTextual(), f.getKey() + " " + v);
                    case "double" -> assertTrue(v.isNumber(), f.getKey() + " " + v);
                    case "int" -> assertTrue(v.isIntegralNumber() && v.canConvertToInt(), f.getKey() + " " + v);
                    case "map<string,string>" -> {
                        assertTrue(v.isObject(), f.getKey());
                        v.elements().forEachRemaining(e -> assertTrue(e.isTextual(), f.getKey() + " " + e));
                    }
                    default -> throw new AssertionError("type " + type + " not covered by the check");
                }
            }
            for (String required : List.of("event_id", "type", "timestamp", "received_at")) {
                assertTrue(row.hasNonNull(required), required + " missing in " + key);
            }
            OffsetDateTime.parse(row.get("timestamp").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            OffsetDateTime received = OffsetDateTime.parse(row.get("received_at").asText(),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).withOffsetSameInstant(ZoneOffset.UTC);
            assertEquals(m.group(1), received.toLocalDate().toString(), "dt is the receive day");
            assertEquals(Integer.parseInt(m.group(2)), received.getHour(), "hour is the receive hour");
        }
    }
}
