package dev.propel.functions.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * The one ONNX Runtime environment of the JVM and the session options every serving model is created with:
 * explicit thread counts, no spinning (a Lambda container has one or two vCPUs that spinning threads would burn
 * between requests), sequential execution and full graph optimisation.
 */
public final class OrtRuntime {
    /** Intra-op threads when the environment does not say otherwise. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;

    private OrtRuntime() {
    }

    /** The JVM-wide environment (ORT allows one per process; creating it loads the native library). */
    public static OrtEnvironment environment() {
        // ERROR, not ORT's default WARNING: its native logger writes plain-text lines straight to stderr (e.g. the
        // thread-affinity warning in containers), which would be the only non-JSON lines in the function's log.
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "propel");
    }

    /** Fresh session options; the caller closes them once the session is created. */
    public static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }
}
