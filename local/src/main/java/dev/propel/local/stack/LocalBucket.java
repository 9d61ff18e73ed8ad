package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.s3.embedded.EmbeddedS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local stack's bucket for a one-off command ({@code invoke}, {@code report}, {@code redrive},
 * {@code reconcile}): the running stack's S3 from {@code endpoints.json} when it answers, else an embedded S3 over
 * the state folder, started for as long as this is open.
 */
public final class LocalBucket implements AutoCloseable {
    private final Optional<Endpoints> running;
    private final EmbeddedS3 embedded;
    private final String endpoint;
    private final String bucket;
    private final String region;

    private LocalBucket(Optional<Endpoints> running, EmbeddedS3 embedded, String endpoint, String bucket,
            String region) {
        this.running = running;
        this.embedded = embedded;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.region = region;
    }

    /** The state folder a command works on: {@code --state}, else {@code $PROPEL_HOME} or {@code .propel/}. */
    public static Path stateDir(String stateOption) {
        return stateOption != null ? Path.of(stateOption).toAbsolutePath()
                : StateFolder.resolve(System.getenv(), Path.of(""));
    }

    /**
     * Opens the bucket of the stack over {@code stateDir}.
     *
     * @param templateBucket the bucket the template names, used when no stack is running
     */
    public static LocalBucket open(Path stateDir, String templateBucket, String region) {
        Optional<Endpoints> running = Endpoints.read(stateDir).filter(e -> answers(e, region));
        if (running.isPresent()) {
            return new LocalBucket(running, null, running.get().s3(), running.get().bucket(), region);
        }
        EmbeddedS3 embedded = EmbeddedS3.start(StateFolder.s3Root(stateDir), 0);
        embedded.createBucket(templateBucket);
        return new LocalBucket(running, embedded, embedded.endpoint().toString(), templateBucket, region);
    }

    /** The running stack, when the bucket is its. */
    public Optional<Endpoints> runningStack() {
        return running;
    }

    public String endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** A new client for the bucket's S3 (the caller closes it). */
    public S3Client newClient() {
        return S3ClientFactory.forEndpoint(URI.create(endpoint), region);
    }

    private static boolean answers(Endpoints e, String region) {
        try (S3Client s3 = S3ClientFactory.forEndpoint(URI.create(e.s3()), region)) {
            s3.headBucket(b -> b.bucket(e.bucket()));
            return true;
        } catch (RuntimeException x) {
            return false;
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
