package dev.propel.functions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.FeatureSpec;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelManifest;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Loading, refusing and hot-swapping real model-builder models over the embedded S3. */
@ExtendWith(EmbeddedS3Extension.class)
class ModelRegistryTest {
    /** Manifests' creation time: fixed, nothing here depends on the date the suite runs. */
    private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");

    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog("test", new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    private S3Client s3;

    @BeforeEach
    void clean(EmbeddedS3 server) {
        s3 = server.client();
        for (var o : s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(o.key()));
        }
    }

    private ModelRegistry registry(ModelLoader loader) {
        return new ModelRegistry(loader, Duration.ofSeconds(30), clock::get, log);
    }

    private ModelLoader loader() {
        return ModelLoader.forCoreFeatures(s3, BUCKET, 1);
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loadsThePublishedModelWithItsInputsAndScoresRows() {
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        try (ModelRegistry registry = registry(loader())) {
            ServingModel model = registry.current("conversion");
            assertEquals("20261128T090000Z", model.version());
            assertEquals(FeatureSchema.numericNames(FeatureSchema.CONVERSION), model.inputs().numeric());
            assertEquals(FeatureSchema.categoricalNames(FeatureSchema.CONVERSION), model.inputs().categorical());
            int k = model.inputs().numeric().size();
            int m = model.inputs().categorical().size();
            float[] p = model.predict(new float[2 * k], new String[2 * m], 2);
            assertEquals(2, p.length);
            assertTrue(p[0] > 0 && p[0] < 1, "probability " + p[0]);
        }
    }

    @Test
    void missingModelIsUnavailableWithAClearReasonAndRetriedAfterTheInterval() {
        try (ModelRegistry registry = registry(loader())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("models/conversion/latest.json does not exist"), e.getMessage());
            assertTrue(logText().contains("model unavailable"), logText());

            TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
            assertThrows(ModelUnavailableException.class, () -> registry.current("conversion"),
                    "no S3 call before the refresh interval");
            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            assertEquals("20261128T090000Z", registry.current("conversion").version());
        }
    }

    @Test
    void corruptModelBytesAreRefused() {
        ModelManifest m = TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        s3.putObject(b -> b.bucket(BUCKET).key(m.modelKey()), RequestBody.fromString("not an onnx model"));
        try (ModelRegistry registry = registry(loader())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        }
        // Same garbage with a matching checksum: ONNX Runtime itself refuses it.
        byte[] garbage = "not an onnx model".getBytes(StandardCharsets.UTF_8);
        ModelManifest lying = new ModelManifest(m.task(), m.version(), m.modelKey(), m.reportKey(),
                ModelLoader.sha256(garbage), m.featureSchemaVersion(), CREATED);
        s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.manifestKey("conversion")), RequestBody.fromBytes(lying.toJson()));
        try (ModelRegistry registry = registry(loader())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("not a loadable ONNX model"), e.getMessage());
        }
    }

    @Test
    void manifestNamingAMissingFileIsUnavailable() {
        ModelManifest m = TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        s3.deleteObject(b -> b.bucket(BUCKET).key(m.modelKey()));
        try (ModelRegistry registry = registry(loader())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        }
    }

    @Test
    void featureSchemaVersionMismatchIsRefused() {
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        ModelLoader newerCode = new ModelLoader(s3, BUCKET, 1, FeatureSchema.VERSION + 1,
                Map.of("conversion", FeatureSchema.CONVERSION));
        try (ModelRegistry registry = registry(newerCode)) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("feature schema version " + FeatureSchema.VERSION), e.getMessage());
            assertTrue(e.getMessage().contains("computes version " + (FeatureSchema.VERSION + 1)), e.getMessage());
        }
    }

    @Test
    void modelReadingAFeatureTheCodeDoesNotComputeIsRefused() {
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        List<FeatureSpec> fewer = FeatureSchema.CONVERSION.subList(1, FeatureSchema.CONVERSION.size());
        ModelLoader loader = new ModelLoader(s3, BUCKET, 1, FeatureSchema.VERSION, Map.of("conversion", fewer));
        try (ModelRegistry registry = registry(loader)) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.current("conversion"));
            assertTrue(e.getMessage().contains("'" + FeatureSchema.CONVERSION.get(0).name() + "'"), e.getMessage());
        }
    }

    @Test
    void newerVersionIsSwappedInAfterTheIntervalAndABrokenOneKeepsTheOld() {
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        try (ModelRegistry registry = registry(loader())) {
            ServingModel first = registry.current("conversion");
            assertEquals("20261128T090000Z", first.version());

            TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T100000Z");
            assertSame(first, registry.current("conversion"), "checked only once per interval");
            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            ServingModel second = registry.current("conversion");
            assertEquals("20261128T100000Z", second.version());
            int k = second.inputs().numeric().size();
            int m = second.inputs().categorical().size();
            assertEquals(1, second.predict(new float[k], new String[m], 1).length);

            // A broken new version: manifest points at bytes that are not a model.
            ModelManifest broken = new ModelManifest("conversion", "20261128T110000Z",
                    S3Layout.modelPrefix("conversion", "20261128T110000Z") + "model.onnx", null, null,
                    FeatureSchema.VERSION, CREATED);
            s3.putObject(b -> b.bucket(BUCKET).key(broken.modelKey()), RequestBody.fromString("garbage"));
            s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.manifestKey("conversion")),
                    RequestBody.fromBytes(broken.toJson()));
            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            assertSame(second, registry.current("conversion"));
            assertTrue(logText().contains("new model rejected, keeping loaded model"), logText());
            assertTrue(logText().contains("20261128T110000Z"), logText());
        }
    }
}
