package dev.propel.functions.ingest;

import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.storage.StorageUnavailableException;
import dev.propel.functions.storage.StoredObject;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.core.privacy.SsmParameterLookup;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.http.HttpBody;
import dev.propel.functions.http.RequestBodyDecoder;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /events} without Lambda: decode the body, validate and deduplicate the events, store the valid
 * ones in one raw object. Caller mistakes surface as {@link dev.propel.functions.http.ApiException}, storage
 * failures as {@link StorageUnavailableException}; a result is returned only once the events are stored.
 */
public final class IngestService {
    private final RequestBodyDecoder decoder;
    private final IngestRequestParser parser;
    private final RawEventWriter writer;
    private final Clock clock;

    public IngestService(IngestLimits limits, RawEventWriter writer, Clock clock) {
        this.decoder = new RequestBodyDecoder(limits.maxBodyBytes());
        this.parser = new IngestRequestParser(new EventValidator(limits));
        this.writer = writer;
        this.clock = clock;
    }

    /** The service as deployed: bucket, S3 endpoint and HMAC key from the environment, default limits. */
    public static IngestService fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Clock.systemUTC());
    }

    /** The service as deployed, receiving events at {@code clock}'s time. */
    public static IngestService fromEnvironment(Map<String, String> env, Clock clock) {
        String bucket = S3ClientFactory.bucket(env);
        RawEventWriter writer = new RawEventWriter(S3ClientFactory.fromEnvironment(env), bucket,
                Pseudonymiser.fromEnvironment(env, new SsmParameterLookup()));
        return new IngestService(IngestLimits.DEFAULT, writer, clock);
    }

    public IngestResult ingest(HttpBody body, String requestId) {
        byte[] json = decoder.decode(body);
        Instant receivedAt = clock.instant();
        ParsedBatch batch = parser.parse(json, receivedAt);
        StoredObject stored = null;
        if (!batch.events().isEmpty()) {
            stored = writer.write(batch.events(), receivedAt, requestId);
        }
        return new IngestResult(requestId, batch, stored, json.length);
    }
}
