package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedS3Extension.class)
class BuildDatasetsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T13:00:00Z"), ZoneOffset.UTC);

    /** The sample events of {@code events/}, read as the Lambda runtime reads a Map input. */
    private static Map<String, Object> sample(String name) throws IOException {
        return JSON.readValue(RepositoryFolders.repositoryFile("events").resolve(name).toFile(),
                new TypeReference<Map<String, Object>>() { });
    }

    @Test
    @SuppressWarnings("unchecked")
    void scheduledEventBuildsTheDaysOfTheClosedHours(EmbeddedS3 s3) throws IOException {
        s3.createBucket("handler-scheduled");
        CleanBucket b = new CleanBucket(s3.client(), "handler-scheduled");
        b.putClean("1-x", List.of(DatasetBuilderTest.M.get(0)));
        b.putClean("2-x", DatasetBuilderTest.M.subList(1, 4));
        var handler = new BuildDatasetsHandler(s3.client(), "handler-scheduled", CLOCK);
        Map<String, Object> out = handler.handleRequest(sample("build-datasets-scheduled.json"), null);
        List<Map<String, Object>> days = (List<Map<String, Object>>) out.get("days");
        assertEquals(List.of("2026-11-27", "2026-11-28"), days.stream().map(d -> d.get("dt")).toList());
        assertEquals(1, days.get(0).get("sessions"), "M (26th 23:50 -> 27th 00:20) is the 27th's, read whole");
        assertEquals(3L, days.get(0).get("conversion_rows"));
        assertEquals(0, days.get(1).get("sessions"));
        assertEquals("2026-11-28", b.json("stats/items/latest.json").get("dt").asText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void manualDayAndBadInput(EmbeddedS3 s3) throws IOException {
        s3.createBucket("handler-manual");
        CleanBucket b = new CleanBucket(s3.client(), "handler-manual");
        b.putClean("1-x", DatasetBuilderTest.M);
        var handler = new BuildDatasetsHandler(s3.client(), "handler-manual", CLOCK);
        Map<String, Object> out = handler.handleRequest(sample("build-datasets-day.json"), null);
        Map<String, Object> day = ((List<Map<String, Object>>) out.get("days")).get(0);
        assertEquals("2026-11-27", day.get("dt"));
        assertEquals(1, day.get("sessions"));
        assertEquals(3L, day.get("conversion_rows"));
        assertEquals(2, b.csv("datasets/item/dt=2026-11-27/part-00000.csv.gz").size());

        assertEquals(Map.of("error", "date must be a date YYYY-MM-DD", "field", "date"),
                handler.handleRequest(Map.of("date", "tomorrow"), null));
    }
}
