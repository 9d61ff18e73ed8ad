package dev.propel.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifests write the bytes the string-keyed maps they replace wrote, and read what is already in buckets. */
class DatasetManifestTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** How the datasets stage wrote manifests before they were typed: a LinkedHashMap, pretty-printed. */
    private static byte[] asMapWrote(Map<String, Object> m) throws Exception {
        return PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    @Test
    void conversionManifestIsByteForByteTheOldMap() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", "conversion");
        m.put("dt", "2026-11-26");
        m.put("rows", 1234L);
        m.put("feature_schema_version", 3);
        m.put("label", "label");
        m.put("group", null);
        m.put("id_columns", List.of("session_key", "cut_at"));
        m.put("numeric", List.of("events", "views"));
        m.put("categorical", List.of("device"));
        m.put("files", List.of("part-00000.csv.gz"));
        DatasetManifest typed = new DatasetManifest("conversion", DAY, 1234, 3, "label", null,
                List.of("session_key", "cut_at"), List.of("events", "views"), List.of("device"),
                List.of("part-00000.csv.gz"));
        assertArrayEquals(asMapWrote(m), typed.toJson(), new String(typed.toJson(), StandardCharsets.UTF_8));
        assertEquals(typed, DatasetManifest.fromJson(typed.toJson()));
    }

    @Test
    void itemManifestKeepsItsGroup() throws Exception {
        DatasetManifest typed = new DatasetManifest("item", DAY, 7, 3, "label", "session_key",
                List.of("session_key", "item_id"), List.of("price"), List.of(), List.of("part-00000.csv.gz",
                "part-00001.csv.gz"));
        String json = new String(typed.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"group\" : \"session_key\""), json);
        assertTrue(json.contains("\"dt\" : \"2026-11-26\""), json);
        assertEquals(typed, DatasetManifest.fromJson(typed.toJson()));
    }

    @Test
    void readsAManifestWrittenBeforeTheRecordWithUnknownAndMissingFields() {
        byte[] old = """
                {"task": "conversion", "dt": "2026-11-01", "rows": 10, "group": null,
                 "id_columns": ["session_key"], "numeric": ["a"], "written_by": "an older stage",
                 "files": ["part-00000.csv.gz"]}
                """.getBytes(StandardCharsets.UTF_8);
        DatasetManifest m = DatasetManifest.fromJson(old);
        assertEquals(LocalDate.of(2026, 11, 1), m.dt());
        assertEquals(DatasetManifest.DEFAULT_LABEL, m.label());
        assertNull(m.group());
        assertEquals(List.of(), m.categorical());
        assertEquals(0, m.featureSchemaVersion());
        assertEquals(List.of("part-00000.csv.gz"), m.files());
    }

    @Test
    void sameColumnsComparesLabelAndFeaturesNotRowsOrDay() {
        DatasetManifest a = new DatasetManifest("item", DAY, 7, 3, "label", "session_key", List.of("session_key"),
                List.of("price"), List.of("device"), List.of("part-00000.csv.gz"));
        DatasetManifest b = new DatasetManifest("item", DAY.plusDays(1), 9, 3, "label", "session_key",
                List.of("session_key"), List.of("price"), List.of("device"), List.of("part-00000.csv.gz"));
        DatasetManifest c = new DatasetManifest("item", DAY, 7, 4, "label", "session_key", List.of("session_key"),
                List.of("price", "views"), List.of("device"), List.of("part-00000.csv.gz"));
        assertTrue(a.sameColumnsAs(b));
        assertFalse(a.sameColumnsAs(c));
    }

    @Test
    void somethingElseIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DatasetManifest.fromJson("{\"task\": \"conversion\", \"dt\": \"26.11.2026\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not a DatasetManifest"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DatasetManifest.fromJson("{\"dt\": \"2026-11-26\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void statsOutcomesAndSessionsManifestsAreByteForByteTheOldMaps() throws Exception {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("table", "items");
        stats.put("dt", "2026-11-26");
        stats.put("rows", 300);
        stats.put("feature_schema_version", 3);
        stats.put("columns", List.of("item_id", "views"));
        stats.put("files", List.of("part-00000.csv.gz"));
        TableManifest typedStats = TableManifest.stats("items", DAY, 300, 3, List.of("item_id", "views"),
                List.of("part-00000.csv.gz"));
        assertArrayEquals(asMapWrote(stats), typedStats.toJson());

        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("table", "decision_outcomes");
        outcomes.put("dt", "2026-11-26");
        outcomes.put("rows", 12);
        outcomes.put("horizon_hours", 24L);
        outcomes.put("columns", List.of("decision_id", "action"));
        outcomes.put("files", List.of("part-00000.csv.gz"));
        TableManifest typedOutcomes = TableManifest.outcomes("decision_outcomes", DAY, 12, 24,
                List.of("decision_id", "action"), List.of("part-00000.csv.gz"));
        assertArrayEquals(asMapWrote(outcomes), typedOutcomes.toJson());

        Map<String, Object> sessions = new LinkedHashMap<>();
        sessions.put("task", "sessions");
        sessions.put("dt", "2026-11-26");
        sessions.put("rows", 5);
        sessions.put("format", "jsonl");
        sessions.put("format_version", 1);
        sessions.put("fields", List.of("session", "start"));
        sessions.put("actions", List.of("view", "cart"));
        sessions.put("order", "start");
        sessions.put("files", List.of("part-00000.jsonl.gz"));
        TableManifest typedSessions = TableManifest.jsonLines("sessions", DAY, 5, 1, List.of("session", "start"),
                List.of("view", "cart"), "start", List.of("part-00000.jsonl.gz"));
        assertArrayEquals(asMapWrote(sessions), typedSessions.toJson());

        assertEquals(typedSessions, TableManifest.fromJson(typedSessions.toJson()));
        assertEquals("sessions", typedSessions.name());
        assertEquals("items", TableManifest.fromJson(typedStats.toJson()).name());
    }

    @Test
    void aTrainingManifestReadsAsATableManifestForListings() {
        DatasetManifest m = new DatasetManifest("conversion", DAY, 1234, 3, "label", null, List.of("session_key"),
                List.of("events"), List.of(), List.of("part-00000.csv.gz"));
        TableManifest listed = TableManifest.fromJson(m.toJson());
        assertEquals("conversion", listed.name());
        assertEquals(DAY, listed.dt());
        assertEquals(1234, listed.rows());
    }
}
