package dev.propel.bench.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.functions.model.OrtRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The anchor of the warm serving benchmarks: a bare ONNX Runtime session (same options as serving) run on a fixed
 * feature vector, with the cheapest input path ORT Java offers (a reused direct buffer with an explicit shape).
 */
public final class BareOrt implements AutoCloseable {
    private final OrtEnvironment env = OrtRuntime.environment();
    private final OrtSession session;
    private final FloatBuffer numeric;
    private final long[] numericShape;
    private final String[] categorical;
    private final long[] categoricalShape;
    private final Set<String> outputs = Set.of(OnnxMetadataKeys.PROBABILITY_OUTPUT);

    public BareOrt(byte[] model, float[] numericValues, int rows, String[] categoricalValues) throws OrtException {
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions(1)) {
            session = env.createSession(model, options);
        }
        numeric = ByteBuffer.allocateDirect(numericValues.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        numeric.put(numericValues).flip();
        numericShape = new long[] {rows, numericValues.length / rows};
        categorical = categoricalValues;
        categoricalShape = categoricalValues == null ? null : new long[] {rows, categoricalValues.length / rows};
    }

    /** One run; returns the first probability. */
    public float run() {
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try {
            numeric.rewind();
            feed.put(OnnxMetadataKeys.NUMERIC_INPUT, OnnxTensor.createTensor(env, numeric, numericShape));
            if (categorical != null) {
                feed.put(OnnxMetadataKeys.CATEGORICAL_INPUT, OnnxTensor.createTensor(env, categorical,
                        categoricalShape));
            }
            try (OrtSession.Result r = session.run(feed, outputs)) {
                return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
