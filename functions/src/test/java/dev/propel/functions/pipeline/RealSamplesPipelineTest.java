package dev.propel.functions.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.core.layout.S3Layout;
import dev.propel.datagen.importer.ImportFormat;
import dev.propel.datagen.importer.ImportReport;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real public samples of {@code ../shared/data} (skipped, visibly, where that folder is absent): converted by
 * the datagen importers, replayed through the real ingest function as a live client would have sent them (each
 * hour's events at the end of that hour, at most 500 per request), preprocessed on the embedded S3's notifications
 * and turned into datasets by the real datasets function for the days they cover (the busiest {@value #MAX_DAYS}
 * consecutive days at most: a day's build costs ~20 S3 round trips whatever its size). Nothing may be refused, quarantined or lost, and
 * every event must be counted once in its day's tables.
 */
@ExtendWith(EmbeddedS3Extension.class)
class RealSamplesPipelineTest {
    private static final int MAX_BATCH = 500;
    private static final int MAX_DAYS = 14;

    /** The samples, each one log (DIGINETICA's views and purchases together). */
    enum Sample {
        REES46(ImportFormat.REES46, "rees46_2019-Oct_head_sample.csv"),
        OTTO(ImportFormat.OTTO, "otto_test_resources_train.jsonl"),
        DIGINETICA(ImportFormat.DIGINETICA, "diginetica_sample_train-item-views.csv",
                "diginetica_train-purchases.csv"),
        TIANCHI(ImportFormat.TIANCHI, "tianchi_mobile_2014_sample_user_behavior.csv");

        final ImportFormat format;
        final List<String> files;

        Sample(ImportFormat format, String... files) {
            this.format = format;
            this.files = List.of(files);
        }

        /**
         * The events a client of this shop would send. DIGINETICA's purchase file covers far more sessions than its
         * view sample (only 256 of its 18,025 purchases belong to the sample's 2,986 sessions): the log is the
         * views plus the purchases of the same sessions; the other purchases are imported and counted, not sent.
         */
        List<BehaviourEvent> toSend(List<BehaviourEvent> imported) {
            if (this != DIGINETICA) {
                return imported;
            }
            Set<String> viewed = new HashSet<>();
            imported.stream().filter(e -> e.type().equals(EventTypes.VIEW)).forEach(e -> viewed.add(e.sessionId()));
            return imported.stream().filter(e -> viewed.contains(e.sessionId())).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sample.class)
    void realSampleGoesThroughIngestPreprocessingAndDatasets(Sample sample, EmbeddedS3 s3) throws IOException {
        Path data = RepositoryFolders.sharedData().orElse(null);
        Assumptions.assumeTrue(data != null && sample.files.stream().allMatch(f -> Files.isRegularFile(data.resolve(f))),
                "real samples absent: ../shared/data/" + sample.files);
        long t0 = System.nanoTime();

        // 1. the importer
        List<BehaviourEvent> imported = new ArrayList<>();
        long records = 0;
        long rejectedByImporter = 0;
        for (String file : sample.files) {
            ImportReport report = sample.format.importer().importFile(data.resolve(file), imported::add);
            records += report.records();
            rejectedByImporter += report.rejected();
        }
        assertEquals(records, imported.size() + rejectedByImporter, "every record imported or reported");
        List<BehaviourEvent> sent = sample.toSend(imported);
        Map<String, BehaviourEvent> distinct = new LinkedHashMap<>();
        sent.forEach(e -> distinct.putIfAbsent(e.eventId(), e));
        long importerDuplicates = sent.size() - distinct.size();

        // 2. POST /events, replayed: each hour's events (in file order) at the end of that hour
        String bucket = "real-" + sample.name().toLowerCase(Locale.ROOT);
        long accepted = 0;
        long ingestDuplicates = 0;
        try (LocalPipeline pipeline = new LocalPipeline(s3, bucket, sample.name().toLowerCase(Locale.ROOT))) {
            Map<Instant, List<BehaviourEvent>> byHour = new TreeMap<>();
            sent.forEach(e -> byHour.computeIfAbsent(e.timestamp().truncatedTo(ChronoUnit.HOURS),
                    k -> new ArrayList<>()).add(e));
            for (Map.Entry<Instant, List<BehaviourEvent>> hour : byHour.entrySet()) {
                Instant receivedAt = hour.getKey().plus(1, ChronoUnit.HOURS).minusMillis(1);
                List<BehaviourEvent> list = hour.getValue();
                for (int from = 0; from < list.size(); from += MAX_BATCH) {
                    List<BehaviourEvent> batch = list.subList(from, Math.min(list.size(), from + MAX_BATCH));
                    LocalPipeline.Answer a = pipeline.post(batch.stream().map(EventJson::toJson).toList(), receivedAt);
                    assertEquals(202, a.status(), a.body());
                    assertEquals(List.of(), a.rejected(), "an imported event was refused: " + a.body());
                    assertEquals(batch.size(), a.accepted());
                    accepted += a.accepted();
                    ingestDuplicates += a.duplicates();
                }
            }
            assertEquals(Map.of(202, pipeline.requests()), pipeline.statuses(), "no 4xx or 5xx");
            assertEquals(sent.size(), accepted);

            // 3. stage 1: nothing quarantined, every imported event in clean/ once
            assertEquals(0, pipeline.quarantined());
            assertEquals(List.of(), pipeline.contents().keys(S3Layout.QUARANTINE), "nothing quarantined");
            assertEquals(pipeline.requests(), pipeline.notifications().size());
            Map<String, List<BehaviourEvent>> clean = pipeline.cleanObjects();
            assertEquals(pipeline.requests(), clean.size());
            Map<String, BehaviourEvent> cleanById = new HashMap<>();
            long cleanLines = 0;
            for (List<BehaviourEvent> object : clean.values()) {
                for (BehaviourEvent e : object) {
                    cleanById.put(e.eventId(), e);
                    cleanLines++;
                }
            }
            // an event id repeated in one request is stored once; across requests stage 2 drops the copies
            assertEquals(sent.size() - ingestDuplicates, cleanLines);
            assertEquals(sent.size() - importerDuplicates, cleanById.size());
            assertEquals(distinct.keySet(), cleanById.keySet(), "every imported event reached clean/");
            for (BehaviourEvent e : distinct.values()) {
                BehaviourEvent stored = cleanById.get(e.eventId());
                assertEquals(e.type(), stored.type());
                assertEquals(e.actorId(), stored.actorId());
                assertEquals(e.sessionId(), stored.sessionId());
                assertEquals(e.itemId(), stored.itemId());
                assertEquals(e.timestamp(), stored.timestamp());
            }

            // 4. stage 2 for the days the sample covers: its busiest MAX_DAYS consecutive days
            TreeMap<LocalDate, Long> eventsPerDay = distinct.values().stream()
                    .collect(Collectors.groupingBy(e -> day(e.timestamp()), TreeMap::new, Collectors.counting()));
            LocalDate first = eventsPerDay.firstKey();
            long best = -1;
            for (LocalDate start : eventsPerDay.keySet()) {
                long n = eventsPerDay.subMap(start, start.plusDays(MAX_DAYS)).values().stream()
                        .mapToLong(Long::longValue).sum();
                if (n > best) {
                    best = n;
                    first = start;
                }
            }
            LocalDate last = eventsPerDay.floorKey(first.plusDays(MAX_DAYS - 1));
            List<Map<String, Object>> days = pipeline.buildDays(first, last);
            long dayEvents = 0;
            long sessions = 0;
            long conversionRows = 0;
            long itemRows = 0;
            long converting = 0;
            for (Map<String, Object> report : days) {
                LocalDate d = LocalDate.parse((String) report.get("dt"));
                long events = ((Number) report.get("day_events")).longValue();
                assertEquals(eventsPerDay.getOrDefault(d, 0L), events, d + ": each event counted once on its day");
                dayEvents += events;
                sessions += ((Number) report.get("sessions")).longValue();
                long conv = ((Number) report.get("conversion_rows")).longValue();
                long item = ((Number) report.get("item_rows")).longValue();
                if (events > 0) {
                    assertEquals(conv, pipeline.json(S3Layout.datasetPrefix("conversion", d) + "_manifest.json")
                            .get("rows").asLong());
                    assertEquals(item, pipeline.json(S3Layout.datasetPrefix("item", d) + "_manifest.json")
                            .get("rows").asLong());
                    Map<String, String> daily = pipeline.table(S3Layout.statsPrefix("daily") + "dt=" + d
                            + "/part-00000.csv.gz").get(0);
                    assertEquals(String.valueOf(events), daily.get("events"));
                    assertEquals(String.valueOf(report.get("sessions")), daily.get("sessions"));
                    converting += Long.parseLong(daily.get("converting_sessions"));
                }
                conversionRows += conv;
                itemRows += item;
            }
            assertEquals(best, dayEvents, "every distinct event of the days built counted once");
            assertTrue(sessions > 0 && conversionRows > 0 && itemRows > 0,
                    sessions + " sessions, " + conversionRows + " conversion rows, " + itemRows + " item rows");
            var latest = pipeline.json(S3Layout.statsPrefix("items") + "latest.json");
            assertEquals(last.toString(), latest.get("dt").asText());
            assertTrue(latest.get("rows").asLong() > 0);

            System.out.printf("%s sample: %d records, %d imported (%d rejected by the importer), %d sent "
                            + "(%d duplicate ids), %d requests, %d clean lines, %d distinct events over %d days; "
                            + "datasets of %d days (%d events): %d sessions (%d converting), %d conversion rows, "
                            + "%d item rows, %d items; %d ms%n",
                    sample, records, imported.size(), rejectedByImporter, sent.size(), importerDuplicates,
                    pipeline.requests(), cleanLines, distinct.size(), eventsPerDay.size(), days.size(), dayEvents,
                    sessions, converting, conversionRows, itemRows, latest.get("rows").asLong(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
