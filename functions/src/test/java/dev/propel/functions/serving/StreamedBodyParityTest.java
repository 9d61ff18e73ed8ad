package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.functions.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The streamed body read ({@link JsonRequests#body(byte[])} with {@link SessionEventsReader}) gives what a whole-tree
 * read gives ({@link TreeSessionEventsReader}) on generated bodies: the same events, or the same 400 with the same
 * field and message; the same other fields; the same refusal of a body cut anywhere. Bodies are written as text so
 * they can repeat keys and spell numbers the way callers do ({@code -0}, {@code 1e400}, 20-digit integers).
 */
class StreamedBodyParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> STRINGS = List.of("\"view\"", "\"click\"", "\"add_to_cart\"", "\"purchase\"",
            "\"\"", "\"sku-1\"", "\"u-1\"", "\"s-1\"", "\"2026-11-28T09:12:40Z\"", "\"2026-11-28T09:13:01.250Z\"",
            "\"2026-11-28T10:12:40+01:00\"", "\"1999-12-31T23:59:59Z\"", "\"not a time\"",
            "\"+999999999-01-01T00:00:00Z\"", "\"" + "x".repeat(65) + "\"", "\"" + "y".repeat(300) + "\"",
            "\"caf\\u00e9\"");
    private static final List<String> NUMBERS = List.of("0", "-0", "0.0", "-0.0", "1", "24.9", "-1", "3", "1e400",
            "1e-400", "1.0E10", "2147483647", "2147483648", "-2147483648", "-2147483649", "99999999999999999999999",
            "1000000", "10000001", "1.5");
    private static final List<String> OTHERS = List.of("true", "false", "null", "{}", "[]", "{\"a\":1}", "[1,\"x\"]");
    private static final List<String> EVENT_KEYS = List.of("type", "event_id", "user_id", "anonymous_id",
            "session_id", "item_id", "timestamp", "price", "quantity", "properties", "extra");
    private static final List<String> PROPERTY_KEYS = List.of("device", "source", "", "k".repeat(65), "device");

    @Property(tries = 3000)
    void streamedReadMatchesTheTreeRead(@ForAll("bodies") String body) {
        assertSameOutcome(body);
    }

    @Property(tries = 500)
    void aBodyCutAnywhereIsRefusedAlike(@ForAll("bodies") String body,
                                        @ForAll @IntRange(min = 0, max = 10_000) int at) {
        assertSameOutcome(body.substring(0, Math.min(at, body.length())));
    }

    @Test
    void edgeBodiesAreReadAlike() {
        for (String body : List.of("", "  ", "null", "[]", "[1,2", "\"x\"", "1", "{", "{}", "{} trailing",
                "{\"session_events\": null}", "{\"session_events\": []}", "{\"session_events\": {}}",
                "{\"session_events\": \"x\"}", "{\"session_events\": [null]}", "{\"session_events\": [[]]}",
                "{\"session_events\": [{}], \"session_events\": null}",
                "{\"session_events\": null, \"session_events\": [{}]}",
                "{\"session_events\": [" + "1,".repeat(1000) + "{}]}",
                "{\"session_events\": [" + "{\"type\":\"visit\",\"timestamp\":\"2026-11-28T09:12:40Z\"},".repeat(999)
                        + "{\"type\":\"visit\",\"timestamp\":\"2026-11-28T09:12:40Z\"}]}",
                "{\"session_events\": [{\"type\":\"view\"]}", "{\"model\": \"conversion\", \"model\": 3}")) {
            assertSameOutcome(body);
        }
    }

    /** Half the bodies hold only well-formed events (so events are compared, not just refusals), half anything. */
    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.of(false, true).flatMap(this::body);
    }

    private Arbitrary<String> body(boolean wild) {
        Arbitrary<String> events = element(wild).list().ofMaxSize(5)
                .map(list -> "[" + String.join(",", list) + "]");
        Arbitrary<String> eventsValue = wild ? Arbitraries.frequencyOf(Tuple.of(12, events), Tuple.of(1, scalar()))
                : events;
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(6, eventsValue.map(v -> entry("session_events", v))),
                Tuple.of(2, Arbitraries.of("\"model\":\"conversion\"", "\"user_id\":\"u-1\"", "\"k\":5",
                        "\"user_history\":{\"prior_sessions\":2,\"prior_orders\":1}", "\"rows\":[{\"a\":1}]",
                        "\"session_id\":null")),
                Tuple.of(1, scalar().map(v -> entry("extra", v))));
        return field.list().ofMaxSize(4).map(list -> "{" + String.join(",", list) + "}");
    }

    private Arbitrary<String> element(boolean wild) {
        return wild ? Arbitraries.frequencyOf(Tuple.of(10, event(true)), Tuple.of(1, scalar())) : event(false);
    }

    /** Each field absent, well-formed or (when wild) anything; some repeated; in any order. */
    private Arbitrary<String> event(boolean wild) {
        List<Arbitrary<String>> entries = new ArrayList<>();
        for (String key : EVENT_KEYS) {
            boolean needed = key.equals("type") || key.equals("timestamp") || key.equals("item_id");
            Arbitrary<String> present = wild ? Arbitraries.frequencyOf(Tuple.of(8, wellFormed(key, true)),
                    Tuple.of(1, scalar())) : wellFormed(key, false);
            entries.add(Arbitraries.frequencyOf(Tuple.of(needed && !wild ? 0 : 1, Arbitraries.just("")),
                    Tuple.of(2, present.map(v -> entry(key, v)))));
        }
        Arbitrary<String> repeated = Arbitraries.of(EVENT_KEYS).flatMap(key -> (wild ? Arbitraries.oneOf(
                wellFormed(key, true), scalar()) : wellFormed(key, false)).map(v -> entry(key, v)));
        entries.add(repeated.list().ofMaxSize(2).map(l -> String.join(",", l)));
        return Combinators.combine(entries).as(list -> list.stream().filter(e -> !e.isEmpty()).toList())
                .flatMap(Arbitraries::shuffle).map(list -> "{" + String.join(",", list) + "}");
    }

    private static String entry(String key, String value) {
        return "\"" + key + "\":" + value;
    }

    /** A value of the field's type: one ingest accepts, or (when wild) also one out of bounds. */
    private Arbitrary<String> wellFormed(String key, boolean wild) {
        return switch (key) {
            case "type" -> Arbitraries.of("\"view\"", "\"click\"", "\"add_to_cart\"", "\"purchase\"",
                    "\"visit\"");
            case "timestamp" -> Arbitraries.of("\"2026-11-28T09:12:40Z\"", "\"2026-11-28T09:13:01.250Z\"",
                    "\"2026-11-28T10:12:40+01:00\"", "\"2026-11-28T08:00:00Z\"");
            case "price" -> wild ? Arbitraries.of(NUMBERS) : Arbitraries.of("0", "-0", "0.0", "-0.0", "24.9", "1",
                    "1e-400", "1.5", "3", "1.0E3");
            case "quantity" -> wild ? Arbitraries.of(NUMBERS) : Arbitraries.of("0", "-0", "1", "3");
            case "properties" -> properties(wild);
            default -> Arbitraries.of("\"sku-1\"", "\"u-1\"", "\"s-1\"", "\"e-1\"");
        };
    }

    private Arbitrary<String> properties(boolean wild) {
        Arbitrary<String> value = wild ? scalar() : Arbitraries.oneOf(Arbitraries.of(STRINGS.subList(0, 14)),
                Arbitraries.of(NUMBERS), Arbitraries.of("true", "false", "null"));
        Arbitrary<String> key = Arbitraries.of(wild ? PROPERTY_KEYS : PROPERTY_KEYS.subList(0, 2));
        Arbitrary<String> entry = Combinators.combine(key, value).as(StreamedBodyParityTest::entry);
        Arbitrary<String> some = entry.list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
        Arbitrary<String> many = Arbitraries.just("{" + String.join(",",
                IntStream.range(0, 51).mapToObj(i -> "\"p" + i + "\":" + i).toList()) + "}");
        return wild ? Arbitraries.frequencyOf(Tuple.of(10, some), Tuple.of(1, many)) : some;
    }

    private Arbitrary<String> scalar() {
        return Arbitraries.oneOf(Arbitraries.of(STRINGS), Arbitraries.of(NUMBERS), Arbitraries.of(OTHERS));
    }

    private static void assertSameOutcome(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Object tree = outcome(() -> treeRead(bytes));
        Object streamed = outcome(() -> streamedRead(bytes));
        assertEquals(tree, streamed, body);
    }

    /** What a whole-tree read gives: the other fields and the events, or the refusal. */
    private static List<Object> treeRead(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw JsonRequests.invalid(null, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw JsonRequests.invalid(null, "body is not readable JSON");
        }
        if (node == null || !node.isObject()) {
            throw JsonRequests.invalid(null, "body must be a JSON object");
        }
        ObjectNode fields = ((ObjectNode) node).deepCopy();
        fields.remove("session_events");
        return List.of(fields, node.hasNonNull("session_events"),
                outcome(() -> TreeSessionEventsReader.read(node, "session_events")));
    }

    private static List<Object> streamedRead(byte[] bytes) {
        ServingBody body = JsonRequests.body(bytes);
        return List.of(body.fields(), body.events().present(), outcome(() -> body.events().list()));
    }

    /** The value, or the refusal's status, field and message. */
    private static Object outcome(Supplier<Object> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            return List.of(e.status(), String.valueOf(e.field()), e.getMessage());
        }
    }
}
