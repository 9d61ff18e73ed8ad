package dev.propel.core.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    @Test
    void writerAndReaderAgreeOnQuotingAndMissingValues() {
        StringWriter s = new StringWriter();
        CsvWriter w = new CsvWriter(s);
        w.record(List.of("a", "b,c", "say \"hi\"", "two\nlines"));
        w.field((String) null).field(Double.NaN).field(3.0).field(0.25).endRecord();
        w.close();
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,3,0.25\n", s.toString());
        CsvReader r = new CsvReader(new StringReader(s + "x\r\ny"));
        assertEquals(List.of("a", "b,c", "say \"hi\"", "two\nlines"), r.next());
        assertEquals(List.of("", "", "3", "0.25"), r.next());
        assertEquals(List.of("x"), r.next());
        assertEquals(List.of("y"), r.next());
        assertNull(r.next());
    }
}
