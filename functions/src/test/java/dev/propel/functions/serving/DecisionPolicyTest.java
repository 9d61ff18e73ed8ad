package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {
    private static DecisionPolicy parse(String json) {
        return DecisionPolicy.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bandsCoverZeroToOneWithTheLastBandIncludingOne() {
        DecisionPolicy p = DecisionPolicy.DEFAULT;
        assertEquals("low", p.bandOf(0).name());
        assertEquals("low", p.bandOf(0.1999).name());
        assertEquals("medium", p.bandOf(0.2).name());
        assertEquals("high", p.bandOf(0.6).name());
        assertEquals("high", p.bandOf(1.0).name());
        assertEquals("low", p.bandOf(Double.NaN).name());
    }

    @Test
    void parsesADocumentAndDefaultsActionsToTheBandsActions() {
        DecisionPolicy p = parse("{\"version\": \"v1\", \"epsilon\": 0.05, \"bands\": ["
                + "{\"name\": \"cold\", \"min\": 0, \"max\": 0.5, \"action\": \"show_recommendations\"},"
                + "{\"name\": \"warm\", \"min\": 0.5, \"max\": 1, \"action\": \"none\"}]}");
        assertEquals("v1", p.version());
        assertEquals(0.05, p.epsilon());
        assertEquals(List.of("show_recommendations", "none"), p.actions());
        assertEquals("warm", p.bandOf(0.7).name());
    }

    @Test
    void refusesBrokenDocumentsSayingWhy() {
        String[][] cases = {
            {"not json", "not JSON"},
            {"[]", "JSON object"},
            {"{\"bands\": 3}", "\"bands\" array"},
            {"{\"bands\": []}", "at least one band"},
            {"{\"bands\": [{\"name\": \"a\", \"min\": 0.1, \"max\": 1, \"action\": \"x\"}]}", "must start at 0.0"},
            {"{\"bands\": [{\"name\": \"a\", \"min\": 0, \"max\": 0.9, \"action\": \"x\"}]}", "end at 1.0"},
            {"{\"bands\": [{\"name\": \"a\", \"min\": 0, \"max\": 1}]}", "name and an action"},
            {"{\"epsilon\": 2, \"bands\": [{\"name\": \"a\", \"min\": 0, \"max\": 1, \"action\": \"x\"}]}", "epsilon"},
            {"{\"bands\": [{\"name\": \"a\", \"min\": \"0\", \"max\": 1, \"action\": \"x\"}]}", "numeric"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
