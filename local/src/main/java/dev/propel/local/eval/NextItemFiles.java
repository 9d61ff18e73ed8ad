package dev.propel.local.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.recall.ItemAction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the next-item benchmark format ({@code ../shared/data/next-item/README.md}): training sessions
 * {@code {"session": N, "items": [...]}} and test cases {@code {"session": N, "prefix": [...], "target": item}}, one
 * JSON object per line, gzip or plain. A malformed line stops the reading with the file and line named.
 */
public final class NextItemFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A training session: its items in click order. */
    public record TrainSession(String session, List<String> items) {
    }

    /**
     * A test case: the prefix of a session, what was done with each prefix item (null: views, as in the file
     * format), and the item that came next.
     */
    public record TestCase(String session, List<String> prefix, List<ItemAction> actions, String target) {
        /** A case of views only. */
        public TestCase(String session, List<String> prefix, String target) {
            this(session, prefix, null, target);
        }

        /** The prefix's actions, views when the case has none. */
        public List<ItemAction> prefixActions() {
            return actions != null ? actions : java.util.Collections.nCopies(prefix.size(), ItemAction.VIEW);
        }
    }

    /** A line that is not what the format says. */
    public static final class MalformedLineException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedLineException(Path file, long line, String problem) {
            super(file + ":" + line + ": " + problem);
        }
    }

    private NextItemFiles() {
    }

    public static List<TrainSession> readTrain(Path file) throws IOException {
        List<TrainSession> out = new ArrayList<>();
        read(file, (node, line) -> {
            List<String> items = items(file, line, node, "items");
            if (items.isEmpty()) {
                throw new MalformedLineException(file, line, "\"items\" is empty");
            }
            out.add(new TrainSession(node.path("session").asText(""), items));
        });
        return out;
    }

    public static List<TestCase> readTest(Path file) throws IOException {
        List<TestCase> out = new ArrayList<>();
        read(file, (node, line) -> {
            List<String> prefix = items(file, line, node, "prefix");
            JsonNode target = node.get("target");
            if (target == null || !(target.isTextual() || target.isIntegralNumber())) {
                throw new MalformedLineException(file, line, "\"target\" must be an item id");
            }
            out.add(new TestCase(node.path("session").asText(""), prefix, target.asText()));
        });
        return out;
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(JsonNode node, long line) throws IOException;
    }

    private static void read(Path file, LineConsumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT)
                     .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            String text;
            long line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (IOException e) {
                    throw new MalformedLineException(file, line, "not a JSON object");
                }
                if (node == null || !node.isObject()) {
                    throw new MalformedLineException(file, line, "not a JSON object");
                }
                consumer.accept(node, line);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    private static List<String> items(Path file, long line, JsonNode node, String field) throws IOException {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new MalformedLineException(file, line, "\"" + field + "\" must be an array of item ids");
        }
        List<String> items = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            if (!(v.isTextual() || v.isIntegralNumber()) || v.asText().isEmpty()) {
                throw new MalformedLineException(file, line, "\"" + field + "\" holds a value that is not an item id");
            }
            items.add(v.asText());
        }
        return items;
    }
}
