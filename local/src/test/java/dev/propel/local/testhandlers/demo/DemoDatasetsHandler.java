package dev.propel.local.testhandlers.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Demo-path test handler standing in for BuildDatasetsFunction: counts clean events into a manifest. */
public final class DemoDatasetsHandler implements RequestHandler<ScheduledEvent, String> {
    private final S3Client s3;
    private final String bucket;

    public DemoDatasetsHandler() {
        this(System.getenv());
    }

    public DemoDatasetsHandler(Map<String, String> env) {
        this.s3 = S3ClientFactory.fromEnvironment(env);
        this.bucket = env.get(S3ClientFactory.BUCKET_ENV);
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        long rows = 0;
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(S3Layout.CLEAN)).contents()) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    s3.getObject(b -> b.bucket(bucket).key(o.key()))), StandardCharsets.UTF_8))) {
                rows += r.lines().count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        LocalDate day = LocalDate.ofInstant(event.getTime().toDate().toInstant(), ZoneOffset.UTC);
        String manifest = "{\"task\":\"conversion\",\"dt\":\"" + day + "\",\"rows\":" + rows + "}";
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.datasetPrefix("conversion", day) + "_manifest.json"),
                RequestBody.fromString(manifest));
        return "rows " + rows;
    }
}
