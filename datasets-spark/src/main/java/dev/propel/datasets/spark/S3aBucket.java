package dev.propel.datasets.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bucket as executors reach it: through Hadoop's s3a connector, configured by plain key/value settings so the
 * configuration travels inside task closures (Hadoop's {@link Configuration} is not serializable).
 *
 * @param bucket the bucket name
 * @param hadoop the {@code fs.s3a.*} settings (empty on AWS: the job role's credentials and the region's endpoint)
 */
public record S3aBucket(String bucket, Map<String, String> hadoop) implements Serializable {

    public S3aBucket {
        hadoop = Map.copyOf(hadoop);
    }

    /** On AWS: the default credential chain (the job's IAM role) and the bucket's own region. */
    public static S3aBucket aws(String bucket) {
        return new S3aBucket(bucket, Map.of());
    }

    /**
     * An S3-compatible server at {@code endpoint} (the embedded S3 or a local stack): path-style addressing, plain
     * HTTP, static credentials (the embedded server does not check them), one region.
     */
    public static S3aBucket atEndpoint(String bucket, URI endpoint, String accessKey, String secretKey) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.endpoint", endpoint.toString());
        m.put("fs.s3a.endpoint.region", "us-east-1");
        m.put("fs.s3a.path.style.access", "true");
        m.put("fs.s3a.connection.ssl.enabled", String.valueOf("https".equals(endpoint.getScheme())));
        m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("fs.s3a.access.key", accessKey);
        m.put("fs.s3a.secret.key", secretKey);
        // parts are written whole by one task: buffer them in memory rather than in a local temp file
        m.put("fs.s3a.fast.upload.buffer", "bytebuffer");
        return new S3aBucket(bucket, m);
    }

    /** The {@code s3a://} URI of a key. */
    public String uri(String key) {
        return "s3a://" + bucket + "/" + key;
    }

    /** Opens an object for reading. */
    public InputStream open(String key) throws IOException {
        return fileSystem().open(new Path(uri(key)));
    }

    /** Creates (or replaces) an object; it is visible once the stream is closed. */
    public OutputStream create(String key) throws IOException {
        return fileSystem().create(new Path(uri(key)), true);
    }

    /** Writes a whole object. */
    public void write(String key, byte[] bytes) {
        try (OutputStream out = create(key)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key, e);
        }
    }

    /** The Hadoop configuration these settings describe (Hadoop caches one file system per bucket and JVM). */
    public Configuration configuration() {
        Configuration c = new Configuration();
        hadoop.forEach(c::set);
        return c;
    }

    private FileSystem fileSystem() throws IOException {
        return FileSystem.get(URI.create("s3a://" + bucket + "/"), configuration());
    }
}
