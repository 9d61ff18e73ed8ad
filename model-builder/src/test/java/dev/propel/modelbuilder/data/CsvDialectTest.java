package dev.propel.modelbuilder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any CSV a user has: delimiters, quoting, label spellings, missing-value tokens and each kind of bad input. */
class CsvDialectTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** 40 rows: a number, a category with the delimiter inside quotes, and a label in {@code yes}/{@code no}. */
    private static String table(char d) {
        StringBuilder sb = new StringBuilder("\"age\"" + d + "\"city\"" + d + "\"y\"\r\n");
        for (int i = 0; i < 40; i++) {
            sb.append(20 + i).append(d).append('"').append(i % 2 == 0 ? "Paris" + d + " FR" : "Rome").append('"')
                    .append(d).append(i % 3 == 0 ? "\"yes\"" : "\"no\"").append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void detectsCommaSemicolonTabAndPipeWithQuotedDelimitersInside() throws Exception {
        for (char d : new char[] {',', ';', '\t', '|'}) {
            Path f = write("t" + (int) d + ".csv", table(d));
            CsvTableLoader.Loaded l = CsvTableLoader.load(f, CsvTableLoader.Options.infer("y"));
            assertEquals(d, l.delimiter(), "delimiter " + (int) d);
            assertEquals(40, l.table().rows());
            assertEquals(List.of("age"), l.table().numericNames());
            assertEquals("Paris" + d + " FR", l.table().categorical("city")[0]);
            assertEquals(14, l.table().positives());
        }
    }

    @Test
    void explicitDelimiterOverridesDetection() throws Exception {
        Path f = write("semi.csv", "a;b,c;y\n1;2,5;0\n2;3,5;1\n3;4,5;0\n4;5,5;1\n");
        CsvTableLoader.Loaded l = CsvTableLoader.load(f, CsvTableLoader.Options.infer("y").withDelimiter(';'));
        assertEquals(List.of("a", "b,c"), List.of(l.table().numericNames().get(0), l.table().categoricalNames()
                .isEmpty() ? "b,c" : l.table().categoricalNames().get(0)));
    }

    @Test
    void positiveValueOfAnySpellingMapsTheOtherToZero() throws Exception {
        Path f = write("adult.csv", "age,income\n30,<=50K\n50,>50K\n45,>50K\n22,<=50K\n28,?\n");
        CsvTableLoader.Loaded l = CsvTableLoader.load(f, CsvTableLoader.Options.infer("income").withPositive(">50K"));
        assertArrayEquals(new int[] {0, 1, 1, 0}, l.table().labels());
        assertEquals(1, l.droppedRows(), "'?' is a missing label");
        assertEquals("'>50K' = 1, '<=50K' = 0", l.labelCoding());
        CsvTableLoader.Loaded churned = CsvTableLoader.load(write("c.csv", "x,status\n1,Churned\n2,stayed\n3,stayed\n"),
                CsvTableLoader.Options.infer("status").withPositive("churned"));
        assertArrayEquals(new int[] {1, 0, 0}, churned.table().labels(), "matched regardless of case");
    }

    @Test
    void labelThatIsNotBinaryIsAnErrorListingItsValues() throws Exception {
        Path two = write("two.csv", "x,income\n1,<=50K\n2,>50K\n3,>50K\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(two, CsvTableLoader.Options.infer("income")));
        assertTrue(e.getMessage().contains("'>50K' (2 rows), '<=50K' (1 rows)")
                && e.getMessage().contains("--positive"), e.getMessage());
        Path three = write("three.csv", "x,plan\n1,basic\n2,pro\n3,team\n4,pro\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(three, CsvTableLoader.Options.infer("plan").withPositive("pro")));
        assertTrue(e.getMessage().contains("exactly two values, it has 3: 'pro' (2 rows), 'basic' (1 rows), "
                + "'team' (1 rows)"), e.getMessage());
        Path one = write("one.csv", "x,y\n1,no\n2,no\n3,no\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvTableLoader.load(one, CsvTableLoader.Options.infer("y")));
        assertTrue(e.getMessage().contains("single value, 'no' (3 rows)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(two, CsvTableLoader.Options.infer("income").withPositive("rich")));
        assertTrue(e.getMessage().startsWith("--positive 'rich' is not a value of label column 'income'"),
                e.getMessage());
    }

    @Test
    void missingTokensIncludingSingleSpaceAndUserTokensBecomeMissing() throws Exception {
        Path f = write("m.csv", "a,b,c,y\n1,x, ,0\n?,NA,N/A,1\n3,,-999,0\n4,z,5,1\n5,x,6,0\n");
        CsvTableLoader.Loaded l = CsvTableLoader.load(f, CsvTableLoader.Options.infer("y")
                .withMissingTokens(Set.of("-999")));
        double[] a = l.table().numeric("a");
        double[] c = l.table().numeric("c");
        assertTrue(Double.isNaN(a[1]));
        assertTrue(Double.isNaN(c[0]) && Double.isNaN(c[1]) && Double.isNaN(c[2]), "' ', N/A and --na -999");
        assertEquals(5.0, c[3]);
        assertEquals("", l.table().categorical("b")[1], "NA");
        assertEquals("", l.table().categorical("b")[2], "blank");
    }

    @Test
    void raggedRowIsAnErrorNamingTheLine() throws Exception {
        Path f = write("r.csv", "a,b,y\n1,2,0\n3,4,1\n5,6\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(f, CsvTableLoader.Options.infer("y")));
        assertEquals("line 4 has 2 fields, the header has 3 (delimiter ','; pass --delimiter if it is another)",
                e.getMessage());
    }

    @Test
    void emptyFileHeaderOnlyAndDuplicateColumnsAreNamedErrors() throws Exception {
        assertEquals("the CSV is empty (no header row)", assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(write("e.csv", ""), CsvTableLoader.Options.infer("y"))).getMessage());
        assertEquals("the CSV has a header but no rows", assertThrows(IllegalArgumentException.class,
                () -> CsvTableLoader.load(write("h.csv", "a,y\n"), CsvTableLoader.Options.infer("y"))).getMessage());
        assertEquals("column 'a' appears twice in the header (columns 1 and 3); rename one of them",
                assertThrows(IllegalArgumentException.class, () -> CsvTableLoader.load(
                        write("d.csv", "a,b,a,y\n1,2,3,0\n"), CsvTableLoader.Options.infer("y"))).getMessage());
    }

    @Test
    void mixedNumbersAndTextAreCategoricalWithAWarningNamingTheFirstTextCell() throws Exception {
        StringBuilder sb = new StringBuilder("charges,y\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i == 17 ? "unknown" : Double.toString(i * 2.5)).append(',').append(i % 2).append('\n');
        }
        CsvTableLoader.Loaded l = CsvTableLoader.load(write("mix.csv", sb.toString()), CsvTableLoader.Options.infer("y"));
        ColumnReport c = l.columns().get(0);
        assertEquals("categorical", c.type());
        assertTrue(c.note().contains("mixed numbers and text") && c.note().contains("'unknown' on line 19"),
                c.note());
    }

    @Test
    void aFileLargerThanTheRowCapIsSampledUniformlyWithBoundedMemory() throws Exception {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(i % 4 == 0 ? 1 : 0).append('\n');
        }
        Path f = write("big.csv", sb.toString());
        CsvTableLoader.Loaded l = CsvTableLoader.load(f, CsvTableLoader.Options.infer("y").withMaxRows(1000));
        assertEquals(1000, l.table().rows());
        assertEquals(20_000, l.sourceRows());
        double mean = java.util.Arrays.stream(l.table().numeric("x")).average().orElseThrow();
        assertEquals(10_000, mean, 600, "a uniform sample of the whole file, not its first rows");
        long[] rows = l.table().sourceRows();
        double[] x = l.table().numeric("x");
        for (int i = 0; i < rows.length; i++) {
            assertEquals(rows[i], (long) x[i], "each kept row keeps its own values and file index");
        }
    }
}
