package dev.propel.functions.preprocess;

import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Stage 1 for one S3 object, without Lambda: read {@code raw/…} as a stream, clean it, write
 * {@code clean/…} under the same partition and name, and quarantine what cannot be used. Outputs go through
 * temporary files so that memory never holds an object. S3 failures propagate (the invocation is retried and,
 * outputs being pure functions of the input, a retry rewrites the same bytes); unreadable objects do not.
 */
public final class PreprocessService {
    private final S3Client s3;
    private final RawObjectCleaner cleaner;
    private final Quarantine quarantine;

    public PreprocessService(S3Client s3, IngestLimits limits) {
        this.s3 = s3;
        this.cleaner = new RawObjectCleaner(new EventValidator(limits));
        this.quarantine = new Quarantine(s3);
    }

    /** The service as deployed: S3 endpoint from the environment, default limits. */
    public static PreprocessService fromEnvironment(Map<String, String> env) {
        return new PreprocessService(S3ClientFactory.fromEnvironment(env), IngestLimits.DEFAULT);
    }

    public PreprocessOutcome process(String bucket, String key) {
        if (!key.startsWith(S3Layout.RAW) || !key.endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
            return new PreprocessOutcome(key, PreprocessOutcome.Status.SKIPPED, null, null,
                    "not a raw/…" + S3Layout.EVENT_OBJECT_SUFFIX + " object");
        }
        Path cleanFile = null;
        Path badFile = null;
        try {
            cleanFile = Files.createTempFile("propel-clean-", ".jsonl.gz");
            badFile = Files.createTempFile("propel-bad-", ".jsonl.gz");
            CleanResult result;
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key));
                 OutputStream clean = Files.newOutputStream(cleanFile);
                 OutputStream bad = Files.newOutputStream(badFile)) {
                result = cleaner.clean(in, clean, bad);
            } catch (NoSuchKeyException e) {
                return new PreprocessOutcome(key, PreprocessOutcome.Status.MISSING, null, null, "object is gone");
            } catch (UnreadableObjectException e) {
                quarantine.unreadable(bucket, key, e.getMessage());
                return new PreprocessOutcome(key, PreprocessOutcome.Status.QUARANTINED, null, null, e.getMessage());
            }
            String cleanKey = null;
            if (result.clean() > 0) {
                cleanKey = S3Layout.cleanKeyFor(key);
                String target = cleanKey;
                s3.putObject(b -> b.bucket(bucket).key(target).contentType("application/gzip")
                        .metadata(Map.of("propel-format", "jsonl", "propel-events", Long.toString(result.clean()))),
                        RequestBody.fromFile(cleanFile));
            }
            if (result.badLines() > 0) {
                quarantine.badLines(bucket, key, badFile, result);
            }
            return new PreprocessOutcome(key, PreprocessOutcome.Status.CLEANED, result, cleanKey, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(cleanFile);
            delete(badFile);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a leftover temp file is harmless; /tmp is per container
            }
        }
    }
}
