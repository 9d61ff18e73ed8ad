package dev.propel.functions.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.functions.tracing.TraceSpan;
import dev.propel.functions.tracing.Tracing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One loaded model version: its ONNX Runtime session, what it expects as input and the scratch memory that feeds
 * it. Inputs are fed from a reused direct {@link FloatBuffer} with an explicit shape, which costs a fraction of
 * {@code OnnxTensor.createTensor(env, float[][])} (DESIGN §9). Each inference is a {@code model inference} span of
 * the tracing it was loaded with.
 */
public final class ServingModel implements AutoCloseable {
    private static final Set<String> OUTPUTS = Set.of(OnnxMetadataKeys.PROBABILITY_OUTPUT);

    private final ModelManifest manifest;
    private final ModelInputs inputs;
    private final Map<String, String> metadata;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final int numericWidth;
    private final int categoricalWidth;
    private final Tracing tracing;
    private FloatBuffer numericScratch;
    private boolean closed;
    private volatile FeatureLayout layout;

    ServingModel(ModelManifest manifest, ModelInputs inputs, Map<String, String> metadata, OrtEnvironment env,
                 OrtSession session, Tracing tracing) {
        this.manifest = manifest;
        this.inputs = inputs;
        this.metadata = Map.copyOf(metadata);
        this.env = env;
        this.session = session;
        this.numericWidth = inputs.numeric().size();
        this.categoricalWidth = inputs.categorical().size();
        this.tracing = tracing;
        this.numericScratch = allocate(Math.max(1, numericWidth) * 16);
    }

    /** Checks that the session's graph is what the metadata says and what serving feeds. */
    static void checkGraph(OrtSession session, ModelInputs inputs) throws OrtException {
        Map<String, NodeInfo> in = session.getInputInfo();
        checkInput(in, OnnxMetadataKeys.NUMERIC_INPUT, inputs.numeric().size(), OnnxJavaType.FLOAT);
        checkInput(in, OnnxMetadataKeys.CATEGORICAL_INPUT, inputs.categorical().size(), OnnxJavaType.STRING);
        for (String name : in.keySet()) {
            if (!name.equals(OnnxMetadataKeys.NUMERIC_INPUT) && !name.equals(OnnxMetadataKeys.CATEGORICAL_INPUT)) {
                throw new ModelIncompatibleException("graph has unexpected input '" + name + "'");
            }
        }
        if (!session.getOutputInfo().containsKey(OnnxMetadataKeys.PROBABILITY_OUTPUT)) {
            throw new ModelIncompatibleException("graph has no output '" + OnnxMetadataKeys.PROBABILITY_OUTPUT
                    + "' (outputs: " + session.getOutputNames() + ")");
        }
    }

    private static void checkInput(Map<String, NodeInfo> in, String name, int columns, OnnxJavaType type) {
        NodeInfo node = in.get(name);
        if (columns == 0) {
            if (node != null) {
                throw new ModelIncompatibleException("graph has input '" + name + "' but metadata names no columns");
            }
            return;
        }
        if (node == null || !(node.getInfo() instanceof TensorInfo t)) {
            throw new ModelIncompatibleException("graph lacks tensor input '" + name + "'");
        }
        long[] shape = t.getShape();
        if (t.type != type || shape.length != 2 || (shape[1] >= 0 && shape[1] != columns)) {
            throw new ModelIncompatibleException("graph input '" + name + "' is " + t
                    + ", metadata names " + columns + " columns of " + type);
        }
    }

    public String task() {
        return manifest.task();
    }

    public String version() {
        return manifest.version();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Where each named feature goes. */
    public ModelInputs inputs() {
        return inputs;
    }

    /**
     * The layout of feature rows with these names for this model, resolved on first use.
     *
     * @throws ModelIncompatibleException when the model reads a feature the rows lack
     */
    public FeatureLayout layoutFor(java.util.List<String> numericNames, java.util.List<String> categoricalNames) {
        FeatureLayout l = layout;
        if (l == null || !l.fits(numericNames, categoricalNames)) {
            l = FeatureLayout.of(inputs, numericNames, categoricalNames);
            layout = l;
        }
        return l;
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Scores {@code rows} rows.
     *
     * @param numeric     row-major values of the numeric columns ({@code rows * inputs().numeric().size()} used)
     * @param categorical row-major values of the categorical columns, or null when the model has none; null
     *                    entries (missing) are replaced by {@code ""} in place
     * @return one probability per row
     */
    public synchronized float[] predict(float[] numeric, String[] categorical, int rows) {
        if (closed) {
            throw new ModelUnavailableException(task(), "version " + version() + " was replaced while in use");
        }
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try {
            if (numericWidth > 0) {
                int n = rows * numericWidth;
                if (numericScratch.capacity() < n) {
                    numericScratch = allocate(Math.max(n, numericScratch.capacity() * 2));
                }
                numericScratch.clear();
                numericScratch.put(numeric, 0, n).flip();
                feed.put(OnnxMetadataKeys.NUMERIC_INPUT,
                        OnnxTensor.createTensor(env, numericScratch, new long[] {rows, numericWidth}));
            }
            if (categoricalWidth > 0) {
                int n = rows * categoricalWidth;
                String[] values = categorical.length == n ? categorical : java.util.Arrays.copyOf(categorical, n);
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) {
                        // ORT's string tensor crashes the JVM on a null element; empty = missing category.
                        values[i] = "";
                    }
                }
                feed.put(OnnxMetadataKeys.CATEGORICAL_INPUT,
                        OnnxTensor.createTensor(env, values, new long[] {rows, categoricalWidth}));
            }
            try (TraceSpan span = tracing.begin("model inference");
                    OrtSession.Result result = session.run(feed, OUTPUTS)) {
                OnnxValue out = result.get(0);
                FloatBuffer probabilities = ((OnnxTensor) out).getFloatBuffer();
                float[] p = new float[rows];
                probabilities.get(p, 0, rows);
                return p;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on model " + task() + " " + version() + ": "
                    + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Releases the native session; later calls to {@link #predict} fail with {@link ModelUnavailableException}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                // Nothing left to do with a session that cannot be closed: it dies with the container.
            }
        }
    }
}
