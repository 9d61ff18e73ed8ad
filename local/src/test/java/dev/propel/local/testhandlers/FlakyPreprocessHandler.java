package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.propel.functions.preprocess.PreprocessHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Test handler: the real PreprocessHandler behind an injectable fault (a stand-in for S3 refusing reads). */
public final class FlakyPreprocessHandler implements RequestHandler<S3Event, String> {
    /** While set, every invocation fails before touching S3. */
    public static final AtomicBoolean FAILING = new AtomicBoolean();
    /** Invocations that failed because of the fault, across the JVM. */
    public static final AtomicInteger FAILED = new AtomicInteger();

    private final PreprocessHandler real;

    public FlakyPreprocessHandler(Map<String, String> env) {
        this.real = new PreprocessHandler(env);
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        if (FAILING.get()) {
            FAILED.incrementAndGet();
            throw new IllegalStateException("injected fault: S3 refuses to read");
        }
        return real.handleRequest(event, context);
    }
}
