package dev.propel.datagen.truth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.propel.datagen.output.LineFiles;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground-truth sidecar: JSON lines (optionally gzip), one object per truth row, told apart by {@code kind}:
 * <pre>
 * {"kind":"conversion","session_id":"…","event_id":"…","position":3,"p":0.0412,"p_cut":0.0038,"converted":false,"has_purchase":false}
 * {"kind":"item","session_id":"…","item_id":"item-0042","cut_event_id":"…","p":0.61,"purchased":true}
 * {"kind":"decision","session_id":"…","decision_id":"…","band":"low","device":"mobile","returning":false,
 *  "propensity":0.04,"action":"none","action_probability":0.933,
 *  "conversion":{"show_recommendations":0.06,"offer_discount":0.1,"none":0.04},"converted":false}
 * </pre>
 * Decision rows exist only in runs with a decision scenario, one per decision, written when its session ends.
 */
public final class TruthFile implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final OutputStream stream;
    private final JsonGenerator g;

    private TruthFile(OutputStream stream) throws IOException {
        this.stream = stream;
        this.g = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
        g.setRootValueSeparator(null);
    }

    /** Opens a sidecar for writing ({@code .gz} compresses). */
    public static TruthFile create(Path path) throws IOException {
        return new TruthFile(LineFiles.newOutputStream(path));
    }

    /** Appends one conversion row. */
    public void write(ConversionTruth t) {
        try {
            g.writeStartObject();
            g.writeStringField("kind", "conversion");
            g.writeStringField("session_id", t.sessionId());
            g.writeStringField("event_id", t.eventId());
            g.writeNumberField("position", t.position());
            g.writeNumberField("p", t.probability());
            g.writeNumberField("p_cut", t.probabilityAsCut());
            g.writeBooleanField("converted", t.converted());
            g.writeBooleanField("has_purchase", t.hasPurchase());
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one item row. */
    public void write(ItemTruth t) {
        try {
            g.writeStartObject();
            g.writeStringField("kind", "item");
            g.writeStringField("session_id", t.sessionId());
            g.writeStringField("item_id", t.itemId());
            g.writeStringField("cut_event_id", t.cutEventId());
            g.writeNumberField("p", t.probability());
            g.writeBooleanField("purchased", t.purchased());
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one decision row. */
    public void write(DecisionTruth t) {
        try {
            g.writeStartObject();
            g.writeStringField("kind", "decision");
            g.writeStringField("session_id", t.sessionId());
            g.writeStringField("decision_id", t.decisionId());
            g.writeStringField("band", t.band());
            g.writeStringField("device", t.device());
            g.writeBooleanField("returning", t.returning());
            g.writeNumberField("propensity", t.propensity());
            g.writeStringField("action", t.action());
            g.writeNumberField("action_probability", t.actionProbability());
            g.writeObjectFieldStart("conversion");
            for (int i = 0; i < t.actions().size(); i++) {
                g.writeNumberField(t.actions().get(i), t.conversion().get(i));
            }
            g.writeEndObject();
            g.writeBooleanField("converted", t.converted());
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        g.close();
        stream.close();
    }

    /** The rows of a sidecar by kind, in file order. */
    public record Contents(List<ConversionTruth> conversion, List<ItemTruth> items, List<DecisionTruth> decisions) {
        /** Contents without decision rows. */
        public Contents(List<ConversionTruth> conversion, List<ItemTruth> items) {
            this(conversion, items, List.of());
        }
    }

    /** Reads a whole sidecar. */
    public static Contents read(Path path) throws IOException {
        List<ConversionTruth> conversion = new ArrayList<>();
        List<ItemTruth> items = new ArrayList<>();
        List<DecisionTruth> decisions = new ArrayList<>();
        try (BufferedReader reader = LineFiles.newReader(path)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("{\"kind\":\"decision\"")) {
                    decisions.add(readDecision(line));
                    continue;
                }
                try (JsonParser p = FACTORY.createParser(line)) {
                    readRow(p, conversion, items);
                }
            }
        }
        return new Contents(conversion, items, decisions);
    }

    private static DecisionTruth readDecision(String line) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        List<String> actions = new ArrayList<>();
        List<Double> conversion = new ArrayList<>();
        n.path("conversion").fields().forEachRemaining(e -> {
            actions.add(e.getKey());
            conversion.add(e.getValue().doubleValue());
        });
        return new DecisionTruth(n.path("session_id").asText(), n.path("decision_id").asText(),
                n.path("band").asText(), n.path("device").asText(), n.path("returning").asBoolean(),
                n.path("propensity").doubleValue(), n.path("action").asText(),
                n.path("action_probability").doubleValue(), actions, conversion, n.path("converted").asBoolean());
    }

    private static void readRow(JsonParser p, List<ConversionTruth> conversion, List<ItemTruth> items)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("truth line is not a JSON object");
        }
        String kind = null;
        String sessionId = null;
        String eventId = null;
        String itemId = null;
        int position = 0;
        double probability = 0;
        double probabilityAsCut = 0;
        boolean flag = false;
        boolean hasPurchase = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "kind" -> kind = p.getText();
                case "session_id" -> sessionId = p.getText();
                case "event_id", "cut_event_id" -> eventId = p.getText();
                case "item_id" -> itemId = p.getText();
                case "position" -> position = p.getIntValue();
                case "p" -> probability = p.getDoubleValue();
                case "p_cut" -> probabilityAsCut = p.getDoubleValue();
                case "converted", "purchased" -> flag = p.getBooleanValue();
                case "has_purchase" -> hasPurchase = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        if ("conversion".equals(kind)) {
            conversion.add(new ConversionTruth(sessionId, eventId, position, probability, probabilityAsCut, flag,
                    hasPurchase));
        } else if ("item".equals(kind)) {
            items.add(new ItemTruth(sessionId, itemId, eventId, probability, flag));
        } else {
            throw new IOException("unknown truth kind " + kind);
        }
    }
}
