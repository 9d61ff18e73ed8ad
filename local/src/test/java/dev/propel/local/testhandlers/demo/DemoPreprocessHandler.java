package dev.propel.local.testhandlers.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Demo-path test handler standing in for PreprocessFunction: copies each raw object to its clean key. */
public final class DemoPreprocessHandler implements RequestHandler<S3Event, String> {
    private final S3Client s3;

    public DemoPreprocessHandler() {
        this(System.getenv());
    }

    public DemoPreprocessHandler(Map<String, String> env) {
        this.s3 = S3ClientFactory.fromEnvironment(env);
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        event.getRecords().forEach(r -> {
            String bucket = r.getS3().getBucket().getName();
            String key = r.getS3().getObject().getUrlDecodedKey();
            byte[] raw = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            s3.putObject(b -> b.bucket(bucket).key(S3Layout.cleanKeyFor(key)), RequestBody.fromBytes(raw));
        });
        return "ok";
    }
}
