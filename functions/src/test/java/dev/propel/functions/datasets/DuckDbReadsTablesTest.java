package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The tables are "readable by DuckDB as they are": plain read_csv on the gzip objects, counts as in manifests. */
@ExtendWith(EmbeddedS3Extension.class)
class DuckDbReadsTablesTest {

    @Test
    void duckDbReadsEveryTableAndAgreesWithTheManifests(EmbeddedS3 s3, @TempDir Path dir) throws Exception {
        s3.createBucket("duckdb");
        CleanBucket b = new CleanBucket(s3.client(), "duckdb");
        b.putClean("1-x", DatasetBuilderTest.concat(DatasetBuilderTest.A, DatasetBuilderTest.B));
        b.putClean("2-x", DatasetBuilderTest.concat(DatasetBuilderTest.M, DatasetBuilderTest.R));
        new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults())
                .build(List.of(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27")));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String table : List.of("datasets/conversion", "datasets/item", "stats/items", "stats/users",
                    "stats/daily", "stats/retention")) {
                String prefix = table + "/dt=2026-11-27/";
                Path local = dir.resolve(table.replace('/', '-') + ".csv.gz");
                Files.write(local, b.get(prefix + "part-00000.csv.gz"));
                JsonNode manifest = b.json(prefix + "_manifest.json");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_csv('" + local + "', header = true)")) {
                    rs.next();
                    assertEquals(manifest.get("rows").asLong(), rs.getLong(1), table);
                }
            }
            Path item = dir.resolve("datasets-item.csv.gz");
            try (ResultSet rs = st.executeQuery("SELECT sum(label), count(DISTINCT session_key), "
                    + "typeof(any_value(item_log_views)), typeof(any_value(label)) FROM read_csv('" + item + "')")) {
                rs.next();
                assertEquals(1, rs.getLong(1), "on the 27th only M buys (item a)");
                assertEquals(2, rs.getLong(2));
                assertEquals("DOUBLE", rs.getString(3), "feature columns are numbers to DuckDB");
                assertEquals("BIGINT", rs.getString(4));
            }
        }
    }
}
