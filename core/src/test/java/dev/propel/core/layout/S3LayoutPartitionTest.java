package dev.propel.core.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one place day partition keys are built and parsed. */
class S3LayoutPartitionTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @Test
    void buildsDayPartitionsOfAnyTable() {
        assertEquals("dt=2026-11-28/", S3Layout.dayPartition(DAY));
        assertEquals("stats/items/dt=2026-11-28/", S3Layout.partitionPrefix(S3Layout.statsPrefix("items"), DAY));
        assertEquals("datasets/conversion/dt=2026-11-28/", S3Layout.datasetPrefix("conversion", DAY));
        assertEquals("stats/daily/dt=2026-11-28/_manifest.json",
                S3Layout.partitionManifestKey(S3Layout.statsPrefix("daily"), DAY));
        assertEquals("stats/items/dt=", S3Layout.partitionListPrefix("stats/items/"));
        assertEquals("dt=2026-11-28/hour=09/", S3Layout.partition(Instant.parse("2026-11-28T09:59:59Z")));
    }

    @Test
    void parsesListedPartitionFoldersAndSkipsStrayOnes() {
        String table = S3Layout.statsPrefix("items");
        assertEquals(Optional.of(DAY), S3Layout.partitionDay(table, "stats/items/dt=2026-11-28/"));
        assertEquals(Optional.empty(), S3Layout.partitionDay(table, "stats/items/dt=yesterday/"));
        assertEquals(Optional.empty(), S3Layout.partitionDay(table, "stats/items/dt=2026-11-28"));
        assertEquals(Optional.empty(), S3Layout.partitionDay(table, "stats/users/dt=2026-11-28/"));
        assertEquals(Optional.empty(), S3Layout.partitionDay(table, "stats/items/dt=2026-13-01/"));
    }
}
