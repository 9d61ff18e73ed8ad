package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records decisions as events under {@code raw/}, like ingest does, so they flow through preprocessing with all
 * other events. Interim: replaced by the ingest {@code RawEventWriter} once that lands.
 */
final class RawDecisionSink implements DecisionSink {
    private final S3Client s3;
    private final String bucket;
    private final Pseudonymiser pseudonymiser;

    private RawDecisionSink(S3Client s3, String bucket, Pseudonymiser pseudonymiser) {
        this.s3 = s3;
        this.bucket = bucket;
        this.pseudonymiser = pseudonymiser;
    }

    static DecisionSink create(S3Client s3, String bucket, Pseudonymiser pseudonymiser) {
        return new RawDecisionSink(s3, bucket, pseudonymiser);
    }

    @Override
    public void record(BehaviourEvent decision, Instant receivedAt, String requestId) {
        BehaviourEvent stored = pseudonymiser.apply(decision).withReceivedAt(receivedAt);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            EventJson.writeTo(stored, w);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.rawKey(receivedAt, requestId)).contentType("application/gzip"),
                RequestBody.fromBytes(bytes.toByteArray()));
    }
}
