package dev.propel.functions.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads back the Embedded Metric Format lines a handler prints on standard output (where the EMF library writes in
 * Lambda), the way CloudWatch would: the {@code _aws.CloudWatchMetrics} directive, then the values it names.
 */
public final class EmfLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmfLines() {
    }

    /** What one call printed on standard output, and what it returned. */
    public record Printed<T>(T result, List<String> lines) {
        /** The EMF lines among the printed ones (the JSON log lines have no {@code _aws} block). */
        public List<JsonNode> emf() {
            List<JsonNode> out = new ArrayList<>();
            for (String l : lines) {
                JsonNode n = parse(l);
                if (n.has("_aws")) {
                    out.add(n);
                }
            }
            return out;
        }
    }

    /** Runs {@code call} with standard output captured; every printed line must be one JSON object. */
    public static <T> Printed<T> capture(Supplier<T> call) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        T result;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result = call.get();
        } finally {
            System.setOut(original);
        }
        List<String> lines = new ArrayList<>();
        // passed on, so the test report still shows what the handler printed
        original.print(captured.toString(StandardCharsets.UTF_8));
        for (String l : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                assertTrue(parse(l).isObject(), "a non-JSON line on stdout: " + l);
                lines.add(l);
            }
        }
        return new Printed<>(result, lines);
    }

    /** The dimension names the line declares, after checking it is in the Propel namespace. */
    public static List<String> dimensions(JsonNode emf) {
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("Propel", directive.get("Namespace").asText());
        assertTrue(emf.get("_aws").get("Timestamp").asLong() > 0);
        List<String> declared = new ArrayList<>();
        directive.get("Dimensions").get(0).forEach(d -> declared.add(d.asText()));
        return declared;
    }

    /** Metric name → [unit, value] as the line declares and carries them. */
    public static Map<String, List<String>> metrics(JsonNode emf) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode m : emf.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")) {
            String name = m.get("Name").asText();
            out.put(name, List.of(m.get("Unit").asText(), emf.get(name).asText()));
        }
        return out;
    }

    /** The one EMF line declaring {@code metric}; fails when there is none or more than one. */
    public static JsonNode lineWith(List<JsonNode> emf, String metric) {
        List<JsonNode> found = emf.stream().filter(n -> metrics(n).containsKey(metric)).toList();
        assertEquals(1, found.size(), metric + " in " + emf);
        return found.get(0);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }
}
