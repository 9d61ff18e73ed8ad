package dev.propel.modelbuilder.data;

import dev.propel.core.csv.CsvReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 4180 parsing and column inference. */
class CsvTableLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsEmbeddedNewlinesCrlfAndBom() throws Exception {
        CsvReader r = new CsvReader(new StringReader("\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n"));
        assertEquals(List.of("a", "b", "c"), r.next());
        assertEquals(List.of("x, y", "say \"hi\"", "two\nlines"), r.next());
        assertEquals(List.of("", "", ""), r.next());
        assertEquals(null, r.next());
    }

    @Test
    void infersTypesLabelsAndMissingValues() throws Exception {
        StringBuilder sb = new StringBuilder("id,amount,member,plan,zip,const,label\n");
        for (int i = 0; i < 200; i++) {
            sb.append("id").append(i).append(',')
                    .append(i % 7 == 0 ? "NA" : Double.toString(i * 1.5)).append(',')
                    .append(i % 2 == 0 ? "TRUE" : "false").append(',')
                    .append(i % 3 == 0 ? "basic" : i % 3 == 1 ? "pro" : "").append(',')
                    .append(10000 + i % 5).append(',')
                    .append("same,")
                    .append(i == 5 ? "" : i % 4 == 0 ? "yes" : "no").append('\n');
        }
        Path f = dir.resolve("t.csv");
        Files.writeString(f, sb.toString());
        CsvTableLoader.Options o = new CsvTableLoader.Options("label", null, java.util.Set.of("zip"), null, null, null,
                null, null);
        CsvTableLoader.Loaded loaded = CsvTableLoader.load(f, o);
        Table t = loaded.table();
        assertEquals(199, t.rows());
        assertEquals(1, loaded.droppedRows());
        assertEquals(List.of("amount", "member"), t.numericNames());
        assertEquals(List.of("plan", "zip"), t.categoricalNames());
        assertTrue(Double.isNaN(t.numeric("amount")[0]));
        assertEquals(1.0, t.numeric("member")[0]);
        assertEquals(0.0, t.numeric("member")[1]);
        assertEquals("", t.categorical("plan")[2]);
        assertEquals(1, t.labels()[0]);
        assertEquals(6, t.sourceRows()[5], "row 5 (no label) is skipped; indices stay those of the file");
        String roles = loaded.columns().stream().map(c -> c.name() + ":" + c.type() + ":" + c.role()).toList()
                .toString();
        assertEquals("[id:categorical:ignored, amount:numeric:feature, member:boolean:feature, "
                + "plan:categorical:feature, zip:categorical:feature, const:categorical:ignored, label:label:label]",
                roles);
        assertEquals(64, loaded.sha256().length());
        assertArrayEquals(loaded.table().labels(), CsvTableLoader.load(f, o).table().labels());
    }

    @Test
    void rejectsLabelsThatAreNotBinary() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "x,y\n1,0\n2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(f, CsvTableLoader.Options.infer("y")));
        assertTrue(e.getMessage().contains("'0' (1 rows), '3' (1 rows); say which one is positive with --positive"),
                e.getMessage());
    }
}
