package dev.propel.datagen.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each importer against a small hand-written fixture with good rows, real quirks and bad rows. */
class ImporterTest {

    record Result(ImportReport report, List<BehaviourEvent> events) {
        List<Long> rejectedLines() {
            return report.rejections().stream().map(ImportReport.Rejection::line).toList();
        }
    }

    static Path fixture(String name) {
        try {
            return Path.of(ImporterTest.class.getResource("/importer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result run(ImportFormat format, Path file) throws IOException {
        List<BehaviourEvent> events = new ArrayList<>();
        ImportReport report = format.importer().importFile(file, events::add);
        assertEquals(report.imported(), events.size());
        assertEquals(report.records(), report.imported() + report.rejected());
        return new Result(report, events);
    }

    @Test
    void rees46() throws IOException {
        Result r = run(ImportFormat.REES46, fixture("rees46.csv"));
        assertEquals(5, r.report().imported());
        assertEquals(List.of(6L, 7L, 8L, 10L, 11L), r.rejectedLines());
        List<String> reasons = r.report().rejections().stream().map(ImportReport.Rejection::reason).toList();
        assertTrue(reasons.get(0).contains("unknown event_type 'wishlist'"), reasons.get(0));
        assertTrue(reasons.get(1).contains("product_id is empty"));
        assertTrue(reasons.get(2).contains("price"));
        assertTrue(reasons.get(3).contains("event_time"));
        assertTrue(reasons.get(4).contains("expected 9 fields, found 7"));

        BehaviourEvent view = r.events().get(0);
        assertEquals(EventTypes.VIEW, view.type());
        assertEquals("541312140", view.userId());
        assertNull(view.anonymousId());
        assertEquals("72d76fde-8bb3-4e00-8c23-a032dfed738c", view.sessionId());
        assertEquals("44600062", view.itemId());
        assertEquals(Instant.parse("2019-10-01T00:00:00Z"), view.timestamp());
        assertEquals(35.79, view.price());
        assertEquals(Map.of("category_id", "2103807459595387724", "brand", "shiseido"), view.properties());
        assertEquals(List.of("view", "add_to_cart", "purchase", "remove_from_cart", "view"),
                r.events().stream().map(BehaviourEvent::type).toList());
        assertEquals("beauty,skin", r.events().get(2).properties().get("category_code"), "quoted comma");
        assertNull(r.events().get(3).sessionId(), "empty user_session: the pipeline cuts sessions itself");
        // Line 12 repeats line 2 exactly: still its own event, with its own stable id.
        assertEquals(view.timestamp(), r.events().get(4).timestamp());
        assertNotEquals(view.eventId(), r.events().get(4).eventId());
    }

    @Test
    void otto() throws IOException {
        Result r = run(ImportFormat.OTTO, fixture("otto.jsonl"));
        assertEquals(6, r.report().imported());
        assertEquals(List.of(2L, 2L, 3L, 4L), r.rejectedLines());
        assertTrue(r.report().rejections().get(0).reason().contains("event 1: unknown type 'likes'"));
        assertTrue(r.report().rejections().get(1).reason().contains("event 2: aid"));
        BehaviourEvent first = r.events().get(0);
        assertEquals(EventTypes.VIEW, first.type());
        assertEquals("0", first.sessionId());
        assertEquals("session:0", first.anonymousId());
        assertEquals("1517085", first.itemId());
        assertEquals(Instant.ofEpochMilli(1659304800025L), first.timestamp());
        assertEquals("clicks", first.properties().get("source_event"));
        assertEquals(List.of("view", "add_to_cart", "purchase", "view", "view", "view"),
                r.events().stream().map(BehaviourEvent::type).toList());
        assertEquals(Instant.ofEpochSecond(1659304800L), r.events().get(3).timestamp(), "seconds are scaled");
        assertNotEquals(r.events().get(4).eventId(), r.events().get(5).eventId());
    }

    @Test
    void digineticaViewsAndPurchases() throws IOException {
        Result views = run(ImportFormat.DIGINETICA, fixture("diginetica-views.csv"));
        assertEquals(3, views.report().imported());
        assertEquals(List.of(5L, 6L, 7L), views.rejectedLines());
        BehaviourEvent v = views.events().get(0);
        assertEquals(EventTypes.VIEW, v.type());
        assertNull(v.userId());
        assertEquals("session:1", v.anonymousId());
        assertEquals("1", v.sessionId());
        assertEquals("81766", v.itemId());
        assertEquals(Instant.parse("2016-05-09T00:00:00Z").plusMillis(526309), v.timestamp());
        assertEquals("7", views.events().get(2).userId());

        Result purchases = run(ImportFormat.DIGINETICA, fixture("diginetica-purchases.csv"));
        assertEquals(2, purchases.report().imported());
        assertEquals(List.of(4L), purchases.rejectedLines());
        BehaviourEvent p = purchases.events().get(0);
        assertEquals(EventTypes.PURCHASE, p.type());
        assertEquals("18278", p.userId());
        assertEquals("150", p.sessionId());
        assertEquals("25911", p.itemId());
        assertEquals("16421", p.properties().get("order_number"));
        assertEquals("session:151", purchases.events().get(1).anonymousId());
    }

    @Test
    void retailRocket() throws IOException {
        Result r = run(ImportFormat.RETAILROCKET, fixture("retailrocket.csv"));
        assertEquals(3, r.report().imported());
        assertEquals(List.of(5L, 6L, 7L), r.rejectedLines());
        assertTrue(r.report().rejections().get(0).reason().contains("transactionid is empty"));
        assertTrue(r.report().rejections().get(1).reason().contains("timestamp"));
        assertTrue(r.report().rejections().get(2).reason().contains("unknown event 'click'"));
        BehaviourEvent view = r.events().get(0);
        assertEquals("257597", view.anonymousId());
        assertNull(view.userId());
        assertNull(view.sessionId());
        assertEquals("355908", view.itemId());
        assertEquals(Instant.ofEpochMilli(1433221332117L), view.timestamp());
        assertEquals(List.of("view", "add_to_cart", "purchase"),
                r.events().stream().map(BehaviourEvent::type).toList());
        assertEquals("4000", r.events().get(2).properties().get("transaction_id"));
    }

    @Test
    void tianchi() throws IOException {
        Result r = run(ImportFormat.TIANCHI, fixture("tianchi.csv"));
        assertEquals(5, r.report().imported());
        assertEquals(List.of(7L, 8L), r.rejectedLines());
        BehaviourEvent first = r.events().get(0);
        assertEquals(EventTypes.VIEW, first.type());
        assertEquals("98047837", first.userId());
        assertEquals("232431562", first.itemId());
        assertEquals(Instant.parse("2014-12-05T18:00:00Z"), first.timestamp(), "UTC+8 hour to UTC");
        assertEquals(Map.of("item_category", "4245", "source_event", "1"), first.properties());
        assertEquals(List.of("view", "view", TianchiImporter.ADD_TO_WISHLIST, "add_to_cart", "purchase"),
                r.events().stream().map(BehaviourEvent::type).toList());
        assertNotEquals(first.eventId(), r.events().get(1).eventId(), "two identical rows are two events");
        assertTrue(r.events().stream().noneMatch(e -> e.properties().containsValue("96nn52n")),
                "the geohash (a location) is dropped");
    }

    @Test
    void reimportGivesTheSameIdsAndFormatsNeverShareIds() throws IOException {
        Set<String> all = new HashSet<>();
        int total = 0;
        for (String[] f : new String[][] {{"rees46", "rees46.csv"}, {"otto", "otto.jsonl"},
            {"diginetica", "diginetica-views.csv"}, {"diginetica", "diginetica-purchases.csv"},
            {"retailrocket", "retailrocket.csv"}, {"tianchi", "tianchi.csv"}}) {
            ImportFormat format = ImportFormat.of(f[0]);
            List<String> first = run(format, fixture(f[1])).events().stream().map(BehaviourEvent::eventId).toList();
            List<String> second = run(format, fixture(f[1])).events().stream().map(BehaviourEvent::eventId).toList();
            assertEquals(first, second, f[1]);
            all.addAll(first);
            total += first.size();
        }
        assertEquals(total, all.size(), "no id collides across rows, files or formats");
    }

    @Test
    void aForeignFileIsAnErrorNotThousandsOfBadRows(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> ImportFormat.REES46.importer().importFile(fixture("tianchi.csv"), x -> { }));
        assertTrue(e.getMessage().contains("not a rees46 file"), e.getMessage());
        assertThrows(IOException.class,
                () -> ImportFormat.OTTO.importer().importFile(fixture("retailrocket.csv"), x -> { }));
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        assertEquals(0, run(ImportFormat.TIANCHI, empty).report().records());
    }

    @Test
    void gzipInputIsRead(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("rr.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("retailrocket.csv")));
        }
        assertEquals(run(ImportFormat.RETAILROCKET, fixture("retailrocket.csv")).events(),
                run(ImportFormat.RETAILROCKET, gz).events());
    }

    @Test
    void splitHonoursQuotes() throws BadRecordException {
        assertEquals(List.of("a", "b,c", "d\"e", ""), List.of(DelimitedImporter.split("a,\"b,c\",\"d\"\"e\",", ',')));
        assertThrows(BadRecordException.class, () -> DelimitedImporter.split("a,\"b", ','));
        assertEquals(Set.of("x"), Set.of(DelimitedImporter.split("x\r", ',')));
        assertEquals(3, List.of(DelimitedImporter.split("1;2;3", ';')).stream().collect(Collectors.toList()).size());
    }
}
