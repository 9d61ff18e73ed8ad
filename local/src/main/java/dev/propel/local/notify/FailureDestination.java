package dev.propel.local.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local stand-in for an on-failure destination (the SQS queue of the template's {@code EventInvokeConfig}):
 * one JSON file per failed event, shaped like the record Lambda sends to a destination, under
 * {@code <state>/dlq/<FunctionLogicalId>/}. File names start with the failure time so they list in order.
 */
public final class FailureDestination {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Clock clock;
    private final String region;
    private final String accountId;

    /** @param root the {@code dlq/} folder of the state folder */
    public FailureDestination(Path root, Clock clock, String region, String accountId) {
        this.root = root;
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
    }

    /** The {@code dlq/} folder of a state folder. */
    public static Path folder(Path stateDir) {
        return stateDir.resolve("dlq");
    }

    /** The folder holding one function's failed events. */
    public Path functionFolder(String logicalId) {
        return root.resolve(logicalId);
    }

    /**
     * Records an event whose retries are exhausted and returns the file written.
     *
     * @param error          the last attempt's error document ({@code errorMessage}, {@code errorType}, ...)
     * @param invokeCount    how many times the event was tried
     */
    public Path record(String logicalId, String requestId, byte[] event, byte[] error, int invokeCount) {
        Instant now = clock.instant();
        ObjectNode r = JSON.createObjectNode();
        r.put("version", "1.0");
        r.put("timestamp", now.toString());
        ObjectNode ctx = r.putObject("requestContext");
        ctx.put("requestId", requestId);
        ctx.put("functionArn", "arn:aws:lambda:" + region + ":" + accountId + ":function:" + logicalId + ":$LATEST");
        ctx.put("condition", "RetriesExhausted");
        ctx.put("approximateInvokeCount", invokeCount);
        r.set("requestPayload", json(event));
        ObjectNode response = r.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        r.set("responsePayload", json(error));
        Path dir = functionFolder(logicalId);
        Path file = dir.resolve(now.toEpochMilli() + "-" + requestId + ".json");
        try {
            Files.createDirectories(dir);
            // written aside then moved, so a redrive never reads half a record
            Path tmp = Files.createTempFile(dir, ".record-", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(r));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The records of one function, oldest first. */
    public List<Path> records(String logicalId) {
        return records(root, logicalId);
    }

    /** The records of one function under a {@code dlq/} folder, oldest first (none when it does not exist). */
    public static List<Path> records(Path root, String logicalId) {
        Path dir = root.resolve(logicalId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event a record holds, as the bytes to invoke the function with again. */
    public static byte[] requestPayload(Path record) throws IOException {
        JsonNode payload = JSON.readTree(record.toFile()).get("requestPayload");
        if (payload == null) {
            throw new IOException(record + " is not a destination record (no requestPayload)");
        }
        return payload.isTextual() ? payload.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : new ObjectMapper().writeValueAsBytes(payload);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null ? TextNode.valueOf("") : n;
        } catch (IOException e) {
            // not JSON (a stream handler's input): kept as text so the record stays valid JSON
            return TextNode.valueOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
