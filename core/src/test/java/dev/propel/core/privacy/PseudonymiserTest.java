package dev.propel.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAnIndependentHmacComputation() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("user-42".getBytes(StandardCharsets.UTF_8)));
        Pseudonymiser p = Pseudonymiser.hmacSha256(KEY, Pseudonymiser.Encoding.HEX);
        assertEquals(expected, p.apply("user-42"));
        assertEquals(64, p.apply("x").length());
    }

    @Test
    void rfc4231Vector() {
        // RFC 4231 test case 1's HMAC-SHA256 uses a 20-byte key of 0x0b, which our minimum allows.
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                Pseudonymiser.hmacSha256(key, Pseudonymiser.Encoding.HEX).apply("Hi There"));
    }

    @Test
    void base64UrlIsShortAndUrlSafe() {
        String id = Pseudonymiser.hmacSha256(KEY, Pseudonymiser.Encoding.BASE64URL).apply("user-42");
        assertEquals(43, id.length());
        assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
    }

    @Test
    void deterministicPerKeyAndDifferentAcrossKeys() {
        Pseudonymiser a = Pseudonymiser.hmacSha256(KEY, Pseudonymiser.Encoding.HEX);
        Pseudonymiser b = Pseudonymiser.hmacSha256("another-key-of-enough-length".getBytes(StandardCharsets.UTF_8),
                Pseudonymiser.Encoding.HEX);
        assertEquals(a.apply("u1"), a.apply("u1"));
        assertNotEquals(a.apply("u1"), b.apply("u1"));
        assertNotEquals(a.apply("u1"), a.apply("u2"));
        assertNull(a.apply((String) null));
    }

    @Test
    void replacesBothIdentitiesOfAnEvent() {
        Pseudonymiser p = Pseudonymiser.hmacSha256(KEY, Pseudonymiser.Encoding.HEX);
        BehaviourEvent e = new BehaviourEvent("e1", "view", "u1", "a1", "s1", "i1", Instant.EPOCH, null, null,
                Map.of(), null);
        BehaviourEvent out = p.apply(e);
        assertEquals(p.apply("u1"), out.userId());
        assertEquals(p.apply("a1"), out.anonymousId());
        assertEquals("s1", out.sessionId());
        assertEquals("i1", out.itemId());
    }

    @Test
    void environmentChoosesKeyThenSsmThenIdentity() {
        List<String> asked = new ArrayList<>();
        Pseudonymiser fromKey = Pseudonymiser.fromEnvironment(
                Map.of(Pseudonymiser.KEY_ENV, new String(KEY, StandardCharsets.UTF_8),
                        Pseudonymiser.SSM_PARAMETER_ENV, "/propel/hmac"),
                name -> {
                    asked.add(name);
                    return "unused";
                });
        assertEquals(Pseudonymiser.hmacSha256(KEY, Pseudonymiser.Encoding.HEX).apply("u"), fromKey.apply("u"));
        assertTrue(asked.isEmpty());

        Pseudonymiser fromSsm = Pseudonymiser.fromEnvironment(Map.of(Pseudonymiser.SSM_PARAMETER_ENV, "/propel/hmac"),
                name -> {
                    asked.add(name);
                    return new String(KEY, StandardCharsets.UTF_8);
                });
        assertEquals(List.of("/propel/hmac"), asked);
        assertEquals(fromKey.apply("u"), fromSsm.apply("u"));

        Pseudonymiser none = Pseudonymiser.fromEnvironment(Map.of(), name -> {
            throw new AssertionError("no lookup without configuration");
        });
        assertFalse(none.enabled());
        assertSame(Pseudonymiser.identity(), none);
        assertEquals("u", none.apply("u"));
    }

    @Test
    void shortKeysAreRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class,
                () -> Pseudonymiser.fromEnvironment(Map.of(Pseudonymiser.KEY_ENV, "short"), n -> null));
        assertThrows(IllegalStateException.class,
                () -> Pseudonymiser.fromEnvironment(Map.of(Pseudonymiser.SSM_PARAMETER_ENV, "/p"), n -> ""));
    }
}
