package dev.propel.functions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.EtagRefreshedDocument.OnInvalid;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A document refreshed by ETag against the embedded S3: when it is fetched, and both rules for a bad one. */
@ExtendWith(EmbeddedS3Extension.class)
class EtagRefreshedDocumentTest {
    private static final String KEY = "config/greeting.json";
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger parses = new AtomicInteger();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    /** A "document" is its text; one containing "bad" is invalid. */
    private EtagRefreshedDocument<String> document(S3Client s3, String bucket, OnInvalid onInvalid) {
        EtagRefreshedDocument.Spec<String> spec = new EtagRefreshedDocument.Spec<>(KEY, "greeting", "hello",
                "saying hello", onInvalid, bytes -> {
                    parses.incrementAndGet();
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    if (text.contains("bad")) {
                        throw new IllegalArgumentException("greeting is bad");
                    }
                    return text;
                }, (line, greeting) -> line.with("greeting", greeting));
        return new EtagRefreshedDocument<>(s3, bucket, spec, INTERVAL, nanos::get,
                new JsonLog("test", new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
    }

    private void put(S3Client s3, String bucket, String text) {
        s3.putObject(b -> b.bucket(bucket).key(KEY), RequestBody.fromString(text));
    }

    private void nextInterval() {
        nanos.addAndGet(INTERVAL.toNanos());
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsOncePerChangeAndOnlyWhenDue(EmbeddedS3 embedded) {
        embedded.createBucket("doc-fetch");
        S3Client s3 = embedded.client();
        EtagRefreshedDocument<String> doc = document(s3, "doc-fetch", OnInvalid.KEEP_PREVIOUS);
        assertEquals("hello", doc.current(), "no document: the stand-in");

        put(s3, "doc-fetch", "good day");
        assertEquals("hello", doc.current(), "not looked at before the interval ends");
        nextInterval();
        assertEquals("good day", doc.current());
        nextInterval();
        assertEquals("good day", doc.current());
        assertEquals(1, parses.get(), "an unchanged ETag is not fetched again");

        put(s3, "doc-fetch", "good evening");
        doc.checkOnNextRequest();
        assertEquals("good evening", doc.current(), "a nudge makes the next request look");

        s3.deleteObject(b -> b.bucket("doc-fetch").key(KEY));
        nextInterval();
        assertEquals("hello", doc.current(), "removed: the stand-in again");
        assertTrue(log().contains("greeting document removed, saying hello"), log());
    }

    /** A document of {@code rule} that loaded "good day" and has just been edited to an invalid one. */
    private EtagRefreshedDocument<String> afterABadEdit(S3Client s3, String bucket, OnInvalid rule) {
        EtagRefreshedDocument<String> doc = document(s3, bucket, rule);
        put(s3, bucket, "good day");
        assertEquals("good day", doc.current());
        put(s3, bucket, "bad day");
        nextInterval();
        return doc;
    }

    @Test
    void anInvalidDocumentKeepsThePreviousOneWhenSoRuled(EmbeddedS3 embedded) {
        embedded.createBucket("doc-keep");
        EtagRefreshedDocument<String> doc = afterABadEdit(embedded.client(), "doc-keep", OnInvalid.KEEP_PREVIOUS);
        assertEquals("good day", doc.current());
        nextInterval();
        assertEquals("good day", doc.current());
        assertEquals(2, parses.get(), "the invalid document is not fetched again until it changes");
        assertTrue(log().contains("greeting document invalid, keeping previous"), log());
        assertTrue(log().contains("greeting is bad"), log());
    }

    @Test
    void anInvalidDocumentFallsBackToTheStandInWhenSoRuled(EmbeddedS3 embedded) {
        embedded.createBucket("doc-absent");
        S3Client s3 = embedded.client();
        EtagRefreshedDocument<String> doc = afterABadEdit(s3, "doc-absent", OnInvalid.USE_ABSENT);
        assertEquals("hello", doc.current());
        assertTrue(log().contains("greeting document invalid, saying hello"), log());

        put(s3, "doc-absent", "good night");
        nextInterval();
        assertEquals("good night", doc.current(), "a fixed document is taken up");
    }
}
