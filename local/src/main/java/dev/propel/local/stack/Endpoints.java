package dev.propel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The running local stack's addresses, written to {@code endpoints.json} in the state folder once it is ready:
 * {@code {"api": URL, "s3": URL, "bucket": NAME}}. Tools (and {@code ./propel invoke}) read it to find the stack.
 */
public record Endpoints(String api, String s3, String bucket) {
    /** The file name inside the state folder. */
    public static final String FILE = "endpoints.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the file atomically, so a reader never sees half of it. */
    public void write(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        ObjectNode o = JSON.createObjectNode();
        o.put("api", api);
        o.put("s3", s3);
        o.put("bucket", bucket);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The endpoints a running stack wrote, if the file exists and is complete. */
    public static Optional<Endpoints> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode o = JSON.readTree(file.toFile());
            if (!o.hasNonNull("s3") || !o.hasNonNull("bucket")) {
                return Optional.empty();
            }
            return Optional.of(new Endpoints(o.path("api").asText(null), o.get("s3").asText(),
                    o.get("bucket").asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
