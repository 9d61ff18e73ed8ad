package dev.propel.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's API keys ({@code keys.json} in the state folder), generated at first start and kept across
 * restarts, so scripts can read them once. {@link #disabled()} ({@code ./propel local --no-auth}) lets every
 * request through. Keys are never logged; {@link #toString()} hides them.
 */
public final class LocalApiKeys {
    /** The file name inside the state folder. */
    public static final String FILE = "keys.json";
    /** The key of {@code POST /events} (the template's ingest API). */
    public static final String WRITE_KEY = "write_key";
    /** The key of {@code /predict}, {@code /rank} and {@code /decide} (the template's serving API). */
    public static final String SERVER_KEY = "server_key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> keys;
    private final boolean enforced;
    private final UsagePlanThrottle throttle;

    private LocalApiKeys(Map<String, String> keys, boolean enforced) {
        this(keys, enforced, null);
    }

    private LocalApiKeys(Map<String, String> keys, boolean enforced, UsagePlanThrottle throttle) {
        this.keys = Map.copyOf(keys);
        this.enforced = enforced;
        this.throttle = throttle;
    }

    /**
     * These keys under a usage plan's per-key throttle: a key past it gets 429 like on API Gateway. Without one
     * (the default locally) nothing is throttled, so bulk loads into the local stack run at full speed.
     */
    public LocalApiKeys withThrottle(UsagePlanThrottle throttle) {
        return new LocalApiKeys(keys, enforced, throttle);
    }

    /**
     * Whether a request already admitted for the key named {@code name} (null = a route without key) is within its
     * throttle; routes without a key are never throttled per key.
     */
    public boolean withinThrottle(String name) {
        return throttle == null || name == null || throttle.admit(name);
    }

    /** No keys: every route is open (the {@code --no-auth} mode). */
    public static LocalApiKeys disabled() {
        return new LocalApiKeys(Map.of(), false);
    }

    /** Fixed keys (tests). */
    public static LocalApiKeys of(Map<String, String> keys) {
        return new LocalApiKeys(keys, true);
    }

    /**
     * Reads {@code keys.json} from the state folder, adding a fresh random key for each name in {@code names}
     * (and always {@link #WRITE_KEY} and {@link #SERVER_KEY}) that it does not hold yet, and writes it back
     * readable by its owner only.
     */
    public static LocalApiKeys loadOrCreate(Path stateDir, Collection<String> names) throws IOException {
        Path file = stateDir.resolve(FILE);
        Map<String, String> keys = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            JsonNode stored = JSON.readTree(file.toFile());
            stored.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                    keys.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        boolean changed = false;
        for (String name : concat(List.of(WRITE_KEY, SERVER_KEY), names)) {
            if (!keys.containsKey(name)) {
                keys.put(name, generate());
                changed = true;
            }
        }
        if (changed) {
            write(stateDir, file, keys);
        }
        return new LocalApiKeys(keys, true);
    }

    /** Whether keys are checked at all. */
    public boolean enforced() {
        return enforced;
    }

    /** The key named {@code name}, when keys are enforced and it exists. */
    public Optional<String> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * Whether a request presenting {@code presented} may call a route demanding the key {@code name} (null = a
     * route without key). Compared in constant time so response timing does not reveal a key's prefix.
     */
    public boolean admits(String name, String presented) {
        if (!enforced || name == null) {
            return true;
        }
        String expected = keys.get(name);
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "LocalApiKeys" + (enforced ? keys.keySet() : "[disabled]");
    }

    /** 30 random bytes, URL-safe: 40 characters, like API Gateway's generated keys (at least 20 required). */
    private static String generate() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<String> concat(List<String> first, Collection<String> more) {
        java.util.List<String> all = new java.util.ArrayList<>(first);
        all.addAll(more);
        return all;
    }

    private static void write(Path stateDir, Path file, Map<String, String> keys) throws IOException {
        Files.createDirectories(stateDir);
        ObjectNode o = JSON.createObjectNode();
        keys.forEach(o::put);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // the keys are secrets: created owner-only, never readable by other local users even for a moment
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
