package dev.propel.datagen.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The importers on the real public samples in {@code ../shared/data/} (skipped where that folder is absent). The
 * counts asserted are the ones observed on these files.
 */
class RealSampleImportTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "rees46,       rees46_2019-Oct_head_sample.csv,             4999,  0, 4999",
        "otto,         otto_test_resources_train.jsonl,             862,   0, 862",
        "diginetica,   diginetica_sample_train-item-views.csv,      12391, 0, 12391",
        "diginetica,   diginetica_train-purchases.csv,              18025, 0, 18025",
        "tianchi,      tianchi_mobile_2014_sample_user_behavior.csv, 1999, 0, 1999",
    })
    void importsTheRealSample(String format, String name, long imported, long rejected, long distinctIds)
            throws IOException {
        Path data = RepositoryFolders.sharedData().orElse(null);
        assumeTrue(data != null && Files.isRegularFile(data.resolve(name)), "../shared/data/" + name + " absent");
        List<BehaviourEvent> events = new ArrayList<>();
        ImportReport report = ImportFormat.of(format).importer().importFile(data.resolve(name), events::add);
        Map<String, Integer> types = new TreeMap<>();
        events.forEach(e -> types.merge(e.type(), 1, Integer::sum));
        System.out.printf("%s %s: %d records, %d imported, %d rejected; types %s%n", format, name, report.records(),
                report.imported(), report.rejected(), types);
        report.rejections().stream().limit(5).forEach(r -> System.out.println("  line " + r.line() + ": " + r.reason()));
        assertEquals(imported, report.imported());
        assertEquals(rejected, report.rejected());
        Set<String> ids = new HashSet<>();
        for (BehaviourEvent e : events) {
            ids.add(e.eventId());
            assertNotNull(e.actorId());
            if (EventTypes.ITEM_EVENTS.contains(e.type())) {
                assertNotNull(e.itemId());
            }
        }
        assertEquals(distinctIds, ids.size());
        List<String> again = new ArrayList<>();
        ImportFormat.of(format).importer().importFile(data.resolve(name), e -> again.add(e.eventId()));
        assertEquals(events.stream().map(BehaviourEvent::eventId).toList(), again, "re-import, same ids");
        assertTrue(types.containsKey(EventTypes.PURCHASE) || types.containsKey(EventTypes.VIEW));
    }
}
