package dev.propel.bench.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.SessionFeatures;
import dev.propel.functions.model.FeatureLayout;
import dev.propel.functions.model.ServingModel;
import dev.propel.functions.serving.SessionScorer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversion model's input for a {@code /predict} body's session events, computed as serving computes it: what
 * the bare ORT anchor runs on.
 */
record SessionVector(float[] numeric, String[] categorical) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vector of {@code body}'s {@code session_events} for {@code conversion}. */
    static SessionVector of(ServingModel conversion, String body) throws IOException {
        List<BehaviourEvent> events = events(JSON.readTree(body));
        FeatureRow row = SessionFeatures.compute(events, SessionScorer.cutOf(events));
        FeatureLayout layout = conversion.layoutFor(row.numericNames(), row.categoricalNames());
        float[] num = new float[layout.numericWidth()];
        String[] cat = new String[layout.categoricalWidth()];
        layout.encode(row, 0, num, cat);
        return new SessionVector(num, cat);
    }

    /** The session's events of a request body. */
    static List<BehaviourEvent> events(JsonNode body) {
        List<BehaviourEvent> events = new ArrayList<>();
        for (JsonNode node : body.get("session_events")) {
            events.add(EventJson.parse(node.toString()));
        }
        return events;
    }

    /** The categorical values as the anchor takes them: null when the model has none. */
    String[] categoricalOrNull() {
        return categorical.length == 0 ? null : categorical;
    }
}
