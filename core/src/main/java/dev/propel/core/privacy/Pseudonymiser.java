package dev.propel.core.privacy;

import dev.propel.core.event.BehaviourEvent;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces user identifiers by a keyed hash (HMAC-SHA256) so raw ids never reach S3 or logs (DESIGN §2,
 * "Privacy"). Ingest applies it before writing; serving applies the same function to a caller's id to find that
 * user's data. Without a key it is the identity. Thread-safe.
 */
public final class Pseudonymiser {
    /** Environment variable holding the key itself (its UTF-8 bytes are the HMAC key). */
    public static final String KEY_ENV = "PROPEL_HMAC_KEY";
    /** Environment variable naming an SSM parameter (SecureString) that holds the key. */
    public static final String SSM_PARAMETER_ENV = "PROPEL_HMAC_SSM_PARAMETER";
    /** Shortest key accepted: 128 bits; `openssl rand -base64 32` gives a good one. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pseudonymiser IDENTITY = new Pseudonymiser(null, Encoding.HEX);

    /** How the 32-byte digest is written: 64 hex characters or 43 base64url characters (no padding). */
    public enum Encoding { HEX, BASE64URL }

    private final SecretKeySpec key;
    private final Encoding encoding;
    private final ThreadLocal<Mac> macs;

    private Pseudonymiser(SecretKeySpec key, Encoding encoding) {
        this.key = key;
        this.encoding = encoding;
        this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
    }

    /** The no-op pseudonymiser used when no key is configured. */
    public static Pseudonymiser identity() {
        return IDENTITY;
    }

    /** HMAC-SHA256 under the given key. */
    public static Pseudonymiser hmacSha256(byte[] key, Encoding encoding) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("HMAC key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        Pseudonymiser p = new Pseudonymiser(new SecretKeySpec(key, ALGORITHM), encoding);
        p.newMac(); // fail at cold start, not on the first event
        return p;
    }

    /**
     * The pseudonymiser the environment asks for: {@value #KEY_ENV} (the key), else {@value #SSM_PARAMETER_ENV}
     * (the name of an SSM parameter fetched once through {@code parameterLookup}), else the identity. Output is
     * hex.
     */
    public static Pseudonymiser fromEnvironment(Map<String, String> env, Function<String, String> parameterLookup) {
        String key = env.get(KEY_ENV);
        if (key != null && !key.isEmpty()) {
            return hmacSha256(key.getBytes(StandardCharsets.UTF_8), Encoding.HEX);
        }
        String parameter = env.get(SSM_PARAMETER_ENV);
        if (parameter != null && !parameter.isBlank()) {
            String fetched = parameterLookup.apply(parameter.strip());
            if (fetched == null || fetched.isEmpty()) {
                throw new IllegalStateException("SSM parameter " + parameter + " holds no HMAC key");
            }
            return hmacSha256(fetched.getBytes(StandardCharsets.UTF_8), Encoding.HEX);
        }
        return identity();
    }

    /** Whether ids are actually replaced (a key is configured). */
    public boolean enabled() {
        return key != null;
    }

    /** The pseudonym of one identifier; null stays null. */
    public String apply(String id) {
        if (id == null || key == null) {
            return id;
        }
        byte[] digest = macs.get().doFinal(id.getBytes(StandardCharsets.UTF_8));
        return encoding == Encoding.HEX
                ? HexFormat.of().formatHex(digest)
                : Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The event with {@code user_id} and {@code anonymous_id} pseudonymised. */
    public BehaviourEvent apply(BehaviourEvent e) {
        if (key == null) {
            return e;
        }
        return e.withIdentities(apply(e.userId()), apply(e.anonymousId()));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
