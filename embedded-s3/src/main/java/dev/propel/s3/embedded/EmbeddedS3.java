package dev.propel.s3.embedded;

import dev.propel.core.storage.S3ClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-compatible server in this process (S3Proxy over a folder), listening on 127.0.0.1. Real HTTP, real S3
 * protocol: clients use the AWS SDK with an endpoint override, exactly as they would against AWS.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final Path root;
    private final URI endpoint;

    private EmbeddedS3(S3Proxy proxy, NotifyingBlobStore store, Path root, URI endpoint) {
        this.proxy = proxy;
        this.store = store;
        this.root = root;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server storing objects under {@code root} (created if missing; existing content is served, so
     * state survives restarts) on the given port, 0 for an ephemeral one.
     */
    public static EmbeddedS3 start(Path root, int port) {
        try {
            Files.createDirectories(root);
            NotifyingBlobStore store = new NotifyingBlobStore(new FilesystemNio2BlobStore(root.toString()));
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.NONE, null, null)
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            waitUntilStarted(proxy);
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            return new EmbeddedS3(proxy, store, root, endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 did not start: " + e.getMessage(), e);
        }
    }

    private static void waitUntilStarted(S3Proxy proxy) throws InterruptedException {
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("embedded S3 state " + proxy.getState());
        }
    }

    /** The HTTP endpoint, e.g. {@code http://127.0.0.1:43127}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The folder holding the buckets. */
    public Path root() {
        return root;
    }

    /** A fresh SDK client for this server (path-style, URL-connection HTTP client). */
    public S3Client client() {
        return S3ClientFactory.forEndpoint(endpoint, "us-east-1");
    }

    /** Creates the bucket if it does not exist yet. */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there from an earlier run: the state is meant to survive restarts
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /** Subscribes to ObjectCreated notifications of every write made through this server. */
    public void addListener(ObjectCreatedListener listener) {
        store.addListener(listener);
    }

    public void removeListener(ObjectCreatedListener listener) {
        store.removeListener(listener);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 did not stop cleanly", e);
        }
    }
}
