package dev.propel.functions.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.ModelTask;
import dev.propel.core.model.OnnxMetadataKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.FeatureSpec;
import dev.propel.functions.tracing.Tracing;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads a task's manifest and the model it names from S3, creates the ONNX Runtime session and refuses a model
 * that does not fit this code (inputs, output, task, feature schema version) with a message saying why.
 */
public final class ModelLoader {
    private final S3Client s3;
    private final String bucket;
    private final int intraOpThreads;
    private final int featureSchemaVersion;
    private final Map<String, List<FeatureSpec>> computedFeatures;
    private final Tracing tracing;

    /**
     * @param featureSchemaVersion the feature schema version this code computes
     * @param computedFeatures     the features this code computes, per task it computes them for
     *                             ({@code conversion}, {@code item}); models of those tasks must read only these
     *                             and carry {@code featureSchemaVersion}. Other (generic) tasks take named rows
     *                             from the caller and are not checked.
     */
    public ModelLoader(S3Client s3, String bucket, int intraOpThreads, int featureSchemaVersion,
                       Map<String, List<FeatureSpec>> computedFeatures) {
        this(s3, bucket, intraOpThreads, featureSchemaVersion, computedFeatures, Tracing.off());
    }

    /** As above, the models it loads tracing each inference with {@code tracing}. */
    public ModelLoader(S3Client s3, String bucket, int intraOpThreads, int featureSchemaVersion,
                       Map<String, List<FeatureSpec>> computedFeatures, Tracing tracing) {
        this.s3 = s3;
        this.bucket = bucket;
        this.intraOpThreads = intraOpThreads;
        this.featureSchemaVersion = featureSchemaVersion;
        this.computedFeatures = Map.copyOf(computedFeatures);
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    /** A loader checking models against {@code core}'s {@link FeatureSchema}, untraced. */
    public static ModelLoader forCoreFeatures(S3Client s3, String bucket, int intraOpThreads) {
        return forCoreFeatures(s3, bucket, intraOpThreads, Tracing.off());
    }

    /** A loader checking models against {@code core}'s {@link FeatureSchema}, tracing inferences. */
    public static ModelLoader forCoreFeatures(S3Client s3, String bucket, int intraOpThreads, Tracing tracing) {
        return new ModelLoader(s3, bucket, intraOpThreads, FeatureSchema.VERSION, Map.of(
                ModelTask.CONVERSION.id(), FeatureSchema.CONVERSION,
                ModelTask.ITEM.id(), FeatureSchema.ITEM), tracing);
    }

    /** The manifest's ETag, or empty when no manifest exists. */
    public Optional<String> manifestETag(String task) {
        return Optional.ofNullable(ObjectETag.head(s3, bucket, S3Layout.manifestKey(task)));
    }

    /** Reads the manifest; empty when none was published. */
    public Optional<ModelManifest> manifest(String task) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(S3Layout.manifestKey(task)));
            return Optional.of(ModelManifest.fromJson(bytes.asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Loads the model a manifest names.
     *
     * @throws ModelUnavailableException when the file is missing, corrupt or does not fit this code
     */
    public ServingModel load(ModelManifest manifest) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(manifest.modelKey())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ModelUnavailableException(manifest.task(), "manifest names " + manifest.modelKey()
                    + " which does not exist");
        }
        if (manifest.sha256() != null && !manifest.sha256().isBlank()) {
            String actual = sha256(bytes);
            if (!actual.equalsIgnoreCase(manifest.sha256())) {
                throw new ModelUnavailableException(manifest.task(), manifest.modelKey() + " has SHA-256 " + actual
                        + " but the manifest says " + manifest.sha256() + " (corrupt or partial upload)");
            }
        }
        return fromBytes(manifest, bytes);
    }

    /** Creates and checks the session for model bytes the manifest describes. */
    public ServingModel fromBytes(ModelManifest manifest, byte[] bytes) {
        OrtEnvironment env = OrtRuntime.environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions(intraOpThreads)) {
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelUnavailableException(manifest.task(), manifest.modelKey() + " is not a loadable ONNX model: "
                    + e.getMessage());
        }
        try {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            checkMetadata(manifest, metadata);
            ModelInputs inputs = ModelInputs.fromMetadata(metadata);
            ServingModel.checkGraph(session, inputs);
            List<FeatureSpec> computed = computedFeatures.get(manifest.task());
            if (computed != null) {
                FeatureLayout.of(inputs, FeatureSchema.numericNames(computed), FeatureSchema.categoricalNames(computed));
            }
            return new ServingModel(manifest, inputs, metadata, env, session, tracing);
        } catch (ModelIncompatibleException | OrtException e) {
            closeQuietly(session);
            throw new ModelUnavailableException(manifest.task(), "model " + manifest.version()
                    + " does not fit this code: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private void checkMetadata(ModelManifest manifest, Map<String, String> metadata) {
        String task = manifest.task();
        String metaTask = metadata.get(OnnxMetadataKeys.TASK);
        boolean builtIn = task.equals(ModelTask.CONVERSION.id()) || task.equals(ModelTask.ITEM.id());
        if (builtIn && metaTask != null && !metaTask.equals(task)) {
            throw new ModelIncompatibleException("manifest is for task '" + task + "' but the model says '"
                    + metaTask + "'");
        }
        if (computedFeatures.containsKey(task)) {
            int expected = featureSchemaVersion;
            String inModel = metadata.get(OnnxMetadataKeys.FEATURE_SCHEMA_VERSION);
            int modelVersion;
            try {
                modelVersion = inModel != null ? Integer.parseInt(inModel.trim()) : manifest.featureSchemaVersion();
            } catch (NumberFormatException e) {
                throw new ModelIncompatibleException(OnnxMetadataKeys.FEATURE_SCHEMA_VERSION + " is not a number: "
                        + inModel);
            }
            if (modelVersion != expected) {
                throw new ModelIncompatibleException("model was trained on feature schema version " + modelVersion
                        + " but this code computes version " + expected + "; retrain or deploy matching code");
            }
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // The session is being discarded because it is unusable.
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
