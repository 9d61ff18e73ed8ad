package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Assignment of visitors to experiment variants: stable, weighted, and moving few visitors when variants change. */
class ExperimentsTest {
    private static final int IDS = 100_000;

    private static Experiments.Experiment experiment(String... nameWeight) {
        StringBuilder json = new StringBuilder("{\"experiments\": [{\"id\": \"exp-1\", \"task\": \"conversion\","
                + " \"variants\": [");
        for (int i = 0; i < nameWeight.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"name\": \"").append(nameWeight[i]).append("\", \"weight\": ")
                    .append(nameWeight[i + 1]).append("}");
        }
        json.append("]}]}");
        return Experiments.fromJson(json.toString().getBytes(StandardCharsets.UTF_8)).experiments().get(0);
    }

    @Test
    void sameVisitorGetsTheSameVariantAcrossCallsAndReloads() {
        Experiments.Experiment first = experiment("control", "50", "treatment", "50");
        Experiments.Experiment reloaded = experiment("control", "50", "treatment", "50");
        for (int i = 0; i < 1000; i++) {
            String unit = "u:user-" + i;
            String v = first.assign(unit).name();
            assertEquals(v, first.assign(unit).name());
            assertEquals(v, reloaded.assign(unit).name(), "a cold start must not move " + unit);
        }
    }

    @Test
    void assignmentDependsOnlyOnTheHashSoOtherJvmsAgree() {
        // computed independently (Python's hashlib, same scheme): the assignment is a pure function of the ids
        Experiments.Experiment e = experiment("control", "50", "treatment", "50");
        Map<String, String> golden = Map.of("u:u-1842", "control", "u:user-1", "control", "a:anon-7",
                "control", "s:s-99120", "treatment", "u:user-3", "treatment");
        golden.forEach((unit, variant) -> assertEquals(variant, e.assign(unit).name(), unit));
    }

    @Test
    void weightsAreRespectedOverAHundredThousandIds() {
        Experiments.Experiment e = experiment("a", "70", "b", "20", "c", "10");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < IDS; i++) {
            counts.merge(e.assign("u:" + i).name(), 1, Integer::sum);
        }
        // binomial sd of a share at n = 100k is at most 0.0016: 0.01 is over six sd
        assertEquals(0.70, counts.get("a") / (double) IDS, 0.01);
        assertEquals(0.20, counts.get("b") / (double) IDS, 0.01);
        assertEquals(0.10, counts.get("c") / (double) IDS, 0.01);
    }

    @Test
    void addingAVariantAtTheEndMovesOnlyTheVisitorsItWins() {
        Experiments.Experiment before = experiment("control", "50", "treatment", "50");
        Experiments.Experiment after = experiment("control", "50", "treatment", "50", "bold", "25");
        int moved = 0;
        for (int i = 0; i < IDS; i++) {
            String unit = "u:" + i;
            String was = before.assign(unit).name();
            String is = after.assign(unit).name();
            if (!was.equals(is)) {
                moved++;
                assertEquals("bold", is, unit + " moved from " + was + " to " + is + ", not to the new variant");
            }
        }
        // the promise: exactly the new variant's share, 25 / 125, moves; no visitor changes between old variants
        assertEquals(0.20, moved / (double) IDS, 0.01);
    }

    @Test
    void removingAVariantMovesOnlyItsVisitors() {
        Experiments.Experiment before = experiment("control", "40", "treatment", "40", "bold", "20");
        Experiments.Experiment after = experiment("control", "40", "treatment", "40");
        for (int i = 0; i < 20_000; i++) {
            String was = before.assign("u:" + i).name();
            if (!was.equals("bold")) {
                assertEquals(was, after.assign("u:" + i).name());
            }
        }
    }

    @Test
    void unitIsTheUserElseTheAnonymousIdElseTheSession() {
        BehaviourEvent anonymous = new BehaviourEvent("e1", "view", null, "anon-7", "s-1", "sku-1",
                Instant.parse("2026-11-28T09:00:00Z"), null, null, Map.of(), null);
        BehaviourEvent signedIn = new BehaviourEvent("e2", "view", "u-1", "anon-7", "s-1", "sku-1",
                Instant.parse("2026-11-28T09:01:00Z"), null, null, Map.of(), null);
        assertEquals("u:u-9", Experiments.unitOf("u-9", null, "s-1", List.of(signedIn)));
        assertEquals("u:u-1", Experiments.unitOf(null, null, "s-1", List.of(anonymous, signedIn)));
        assertEquals("a:anon-7", Experiments.unitOf(null, null, "s-1", List.of(anonymous)));
        assertEquals("s:s-2", Experiments.unitOf(null, null, "s-2", List.of()));
        assertNull(Experiments.unitOf(null, null, null, List.of()));
    }

    @Test
    void invalidDocumentsAreRefusedNamingWhatIsWrong() {
        Map<String, String> bad = Map.of(
                "{\"experiments\": 3}", "\"experiments\" array",
                "{\"experiments\": [{\"id\": \"e\", \"task\": \"conversion\", \"variants\": [{\"name\": \"a\","
                        + " \"weight\": 1}]}]}", "at least two variants",
                "{\"experiments\": [{\"id\": \"e\", \"task\": \"conversion\", \"variants\": [{\"name\": \"a\","
                        + " \"weight\": 1}, {\"name\": \"b\", \"weight\": 0}]}]}", "positive weight",
                "{\"experiments\": [{\"id\": \"e\", \"variants\": [{\"name\": \"a\", \"weight\": 1},"
                        + " {\"name\": \"b\", \"weight\": 1, \"model_version\": \"v1\"}]}]}", "needs \"task\"",
                "{\"experiments\": [{\"id\": \"e\", \"variants\": [{\"name\": \"a\", \"weight\": 1},"
                        + " {\"name\": \"b\", \"weight\": 1, \"policy\": {\"bands\": []}}]}]}", "variant 'b' policy",
                "{\"experiments\": [{\"id\": \"e\", \"task\": \"rerank\", \"variants\": [{\"name\": \"a\","
                        + " \"weight\": 1}, {\"name\": \"b\", \"weight\": 1}]}]}", "cannot pin the rerank",
                "not json", "not JSON");
        bad.forEach((doc, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Experiments.fromJson(doc.getBytes(StandardCharsets.UTF_8)), doc);
            assertTrue(e.getMessage().contains(message), e.getMessage() + " should say " + message);
        });
    }

    @Test
    void theReadmeExampleIsAValidDocumentAndPutsItsVisitorInTheVariantShown() throws IOException {
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.isRegularFile(readme), "no README.md at ../");
        String text = Files.readString(readme);
        int section = text.indexOf("**Experiments.**");
        assertTrue(section > 0, "README has an Experiments paragraph");
        int start = text.indexOf("```json", section) + "```json".length();
        String json = text.substring(start, text.indexOf("```", start));
        Experiments e = Experiments.fromJson(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("discount", e.forDecide().orElseThrow().assign("u:u-1842").name());
        assertTrue(text.indexOf("\"variant\": \"discount\"", section) > 0, "the answer shown names that variant");
    }

    @Test
    void policyAndConversionExperimentsCannotRunTogether() {
        String doc = "{\"experiments\": ["
                + "{\"id\": \"p\", \"variants\": [{\"name\": \"control\", \"weight\": 1}, {\"name\": \"b\","
                + " \"weight\": 1, \"policy\": {\"version\": \"x\", \"bands\": [{\"name\": \"all\", \"min\": 0,"
                + " \"max\": 1, \"action\": \"none\"}]}}]},"
                + "{\"id\": \"m\", \"task\": \"conversion\", \"variants\": [{\"name\": \"control\", \"weight\": 1},"
                + " {\"name\": \"old\", \"weight\": 1, \"model_version\": \"v1\"}]}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.fromJson(doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("both change /decide"), e.getMessage());
    }
}
