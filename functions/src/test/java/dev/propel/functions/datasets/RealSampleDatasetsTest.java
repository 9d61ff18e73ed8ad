package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stage 2 on the real REES46 sample of {@code ../shared/data}; skipped (visibly) where the folder is absent. */
@ExtendWith(EmbeddedS3Extension.class)
class RealSampleDatasetsTest {

    @Test
    void rees46SampleBuildsDatasetsAndStatsThatAgreeWithTheRawLog(EmbeddedS3 s3) throws IOException {
        Path file = RepositoryFolders.sharedData().map(d -> d.resolve(Rees46Sample.FILE)).orElse(null);
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file),
                "real samples absent: ../shared/data/" + Rees46Sample.FILE);
        List<Rees46Sample.Line> lines = Rees46Sample.read(file);
        s3.createBucket("rees46");
        CleanBucket b = new CleanBucket(s3.client(), "rees46");
        b.putClean("1569888000000-rees46", lines.stream().map(Rees46Sample.Line::event).toList());

        DayReport r = new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults()).build(LocalDate.parse("2019-10-01"));

        // independent expectations straight from the log's columns
        Set<String> users = new HashSet<>();
        Set<String> sessions = new HashSet<>();
        Set<String> buyingSessions = new HashSet<>();
        Set<String> items = new HashSet<>();
        long purchases = 0;
        for (Rees46Sample.Line l : lines) {
            BehaviourEvent e = l.event();
            users.add(l.userId());
            sessions.add(l.userId() + "/" + l.userSession());
            items.add(e.itemId());
            if (e.type().equals(EventTypes.PURCHASE)) {
                purchases++;
                buyingSessions.add(l.userId() + "/" + l.userSession());
            }
        }
        assertEquals(lines.size(), r.linesRead());
        assertEquals(lines.size(), r.dayEvents());
        assertEquals(sessions.size(), r.sessions(), "user_session is the session id");
        assertEquals(items.size(), r.items());
        Map<String, String> daily = b.csv("stats/daily/dt=2019-10-01/part-00000.csv.gz").get(0);
        assertEquals(String.valueOf(users.size()), daily.get("users"));
        assertEquals(String.valueOf(users.size()), daily.get("new_users"));
        assertEquals(String.valueOf(purchases), daily.get("purchases"));
        assertEquals(String.valueOf(buyingSessions.size()), daily.get("converting_sessions"));
        // the log starts mid-funnel (more buyers than carters): funnel rates must still be fractions
        for (String rate : List.of("view_to_cart_rate", "cart_to_purchase_rate", "user_conversion_rate")) {
            double v = Double.parseDouble(daily.get(rate));
            assertTrue(v >= 0 && v <= 1, rate + " = " + v);
        }

        List<Map<String, String>> conv = b.csv("datasets/conversion/dt=2019-10-01/part-00000.csv.gz");
        assertEquals(r.conversionRows(), conv.size());
        assertTrue(conv.stream().anyMatch(row -> row.get("label").equals("1")), "some prefixes lead to a purchase");
        assertTrue(conv.stream().allMatch(row -> !row.get("session_events").equals("0")));
        List<Map<String, String>> item = b.csv("datasets/item/dt=2019-10-01/part-00000.csv.gz");
        assertEquals(r.itemRows(), item.size());
        long positives = item.stream().filter(row -> row.get("label").equals("1")).count();
        assertTrue(positives > 0 && positives <= purchases, "positives " + positives);
        System.out.printf("REES46 sample: %d events, %d sessions, %d conversion rows (%d positive), %d item rows "
                        + "(%d positive), %d items, %d users%n", lines.size(), r.sessions(), conv.size(),
                conv.stream().filter(row -> row.get("label").equals("1")).count(), item.size(), positives, r.items(),
                users.size());
    }
}
