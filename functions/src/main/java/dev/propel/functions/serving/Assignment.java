package dev.propel.functions.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The variant of an experiment a request was served, carried in its answer and its decision event.
 *
 * @param experimentId the experiment's id
 * @param variant      the variant's name
 */
public record Assignment(String experimentId, String variant) {
    /** Writes {@code "experiment": {"id", "variant"}} into an answer; nothing when no experiment applies. */
    static void write(JsonGenerator g, Assignment a) throws IOException {
        if (a == null) {
            return;
        }
        g.writeObjectFieldStart("experiment");
        g.writeStringField("id", a.experimentId());
        g.writeStringField("variant", a.variant());
        g.writeEndObject();
    }
}
