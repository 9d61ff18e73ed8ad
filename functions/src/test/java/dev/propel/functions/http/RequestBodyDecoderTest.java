package dev.propel.functions.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodyDecoderTest {
    private static final String JSON = "{\"event_id\":\"e1\"}";
    private final RequestBodyDecoder decoder = new RequestBodyDecoder(1000);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private void assertStatus(int status, String field, HttpBody body) {
        ApiException e = assertThrows(ApiException.class, () -> decoder.decode(body));
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(field, e.field());
    }

    @Test
    void plainBase64AndGzippedBodiesDecodeToTheSameBytes() throws IOException {
        byte[] expected = JSON.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, decoder.decode(new HttpBody(JSON, false, "application/json", null)));
        assertArrayEquals(expected, decoder.decode(new HttpBody(b64(expected), true, "application/json", null)));
        assertArrayEquals(expected, decoder.decode(new HttpBody(b64(gzip(expected)), true,
                "application/json; charset=UTF-8", "gzip")));
        assertArrayEquals(expected, decoder.decode(new HttpBody(JSON, false, "text/plain;charset=utf-8", "identity")));
        assertArrayEquals(expected, decoder.decode(new HttpBody(JSON, false, null, null)));
    }

    @Test
    void base64WithLineBreaksDecodesAsBeforeAndBrokenBase64Is400() {
        byte[] expected = ("{\"events\":[" + "{\"event_id\":\"e1\"},".repeat(20) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);
        String wrapped = Base64.getMimeEncoder().encodeToString(expected);
        assertEquals(true, wrapped.contains("\r\n"), "a body long enough to be wrapped");
        assertArrayEquals(expected, decoder.decode(new HttpBody(wrapped, true, "application/json", null)));
        // what the MIME decoder always accepted still decodes (it skips characters outside the alphabet)
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8),
                decoder.decode(new HttpBody("e30=*", true, "application/json", null)));
        assertStatus(400, null, new HttpBody("e", true, "application/json", null));
    }

    @Test
    void wrongMediaTypesAre415() {
        assertStatus(415, "Content-Type", new HttpBody(JSON, false, "application/x-www-form-urlencoded", null));
        assertStatus(415, "Content-Type", new HttpBody(JSON, false, "application/json; charset=latin1", null));
        assertStatus(415, "Content-Encoding", new HttpBody(JSON, false, "application/json", "br"));
        // found by RouteFuzzTest: only separators used to fail with an index error (500)
        assertStatus(415, "Content-Type", new HttpBody(JSON, false, ";;;", null));
        assertStatus(415, "Content-Type", new HttpBody(JSON, false, ";", null));
    }

    @Test
    void bodiesThatAreNotUtf8Are400() {
        byte[] utf32Bom = {(byte) 0xFF, (byte) 0xFE, 0, 0, '{', 0, 0, 0, '}', 0, 0, 0};
        assertStatus(400, null, new HttpBody(b64(utf32Bom), true, "application/json", null));
        byte[] latin1 = "{\"item_id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertStatus(400, null, new HttpBody(b64(latin1), true, "application/json", null));
    }

    @Test
    void brokenEncodingsAre400() throws IOException {
        assertStatus(400, null, new HttpBody("%%% not base64 %%%", true, "application/json", null));
        assertStatus(400, null, new HttpBody(b64(JSON.getBytes(StandardCharsets.UTF_8)), true, "application/json",
                "gzip"));
        assertStatus(400, "Content-Encoding", new HttpBody(JSON, false, "application/json", "gzip"));
        assertStatus(400, null, new HttpBody("", false, "application/json", null));
        assertStatus(400, null, new HttpBody(null, false, "application/json", null));
    }

    @Test
    void sizeIsLimitedAfterDecodingIncludingGzipBombs() throws IOException {
        String big = "x".repeat(1001);
        assertStatus(413, null, new HttpBody(big, false, "application/json", null));
        assertStatus(413, null, new HttpBody(b64(big.getBytes(StandardCharsets.UTF_8)), true, null, null));
        byte[] bomb = gzip(new byte[100_000]);
        assertEquals(true, bomb.length < 1000);
        assertStatus(413, null, new HttpBody(b64(bomb), true, "application/json", "gzip"));
        String exactly = "y".repeat(1000);
        assertEquals(1000, decoder.decode(new HttpBody(exactly, false, null, null)).length);
    }

    @Test
    void multiByteCharactersCountAsBytes() {
        String euros = "€".repeat(400); // 1200 bytes in UTF-8, 400 characters
        assertStatus(413, null, new HttpBody(euros, false, "application/json", null));
    }
}
