package dev.propel.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.propel.core.log.JsonLog;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.testkit.LambdaTestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * One function of the template as a Lambda container would run it: the handler class is instantiated on the
 * first invocation (the cold start) and kept, invocations are serialised (one container, one request at a
 * time), event JSON is turned into the handler's input type with the Lambda runtime's own serializers, and every
 * invocation writes one JSON log line.
 *
 * <p>Handler contract (docs/local-stack.md): a public constructor taking {@code Map<String, String>}, the
 * function's environment, because a JVM cannot give each function its own {@code System.getenv()}.
 */
public final class FunctionRuntime {
    private static final JsonFactory JSON = new JsonFactory();

    private final FunctionDefinition definition;
    private final Map<String, String> environment;
    private final ClassLoader classLoader;
    private final JsonLog log;
    private final StreamLambdaLogger lambdaLogger;
    private final String region;
    private final String accountId;

    private final Clock clock;
    private Object handler;
    private PojoSerializer<Object> inputSerializer;
    private Class<?> declaredOutput;
    private long invocations;

    /**
     * @param environment the complete environment the handler gets (template values merged with local ones)
     * @param out         where invocation log lines and the handler's {@code LambdaLogger} output go
     */
    public FunctionRuntime(FunctionDefinition definition, Map<String, String> environment, ClassLoader classLoader,
            PrintStream out) {
        this(definition, environment, classLoader, out, Clock.systemUTC());
    }

    /**
     * A runtime whose handlers see {@code clock}: handlers that read the time offer a {@code (Map, Clock)}
     * constructor, so the local stack can run them at a fixed time (tests) and nothing depends on the run's date.
     */
    public FunctionRuntime(FunctionDefinition definition, Map<String, String> environment, ClassLoader classLoader,
            PrintStream out, Clock clock) {
        this.clock = clock;
        this.definition = definition;
        this.environment = Map.copyOf(environment);
        this.classLoader = classLoader;
        this.log = new JsonLog(definition.logicalId(), out);
        this.lambdaLogger = new StreamLambdaLogger(out);
        this.region = environment.getOrDefault("AWS_REGION", "us-east-1");
        this.accountId = environment.getOrDefault("PROPEL_LOCAL_ACCOUNT_ID", "000000000000");
    }

    public FunctionDefinition definition() {
        return definition;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Whether the handler instance exists (the container is warm). */
    public synchronized boolean warm() {
        return handler != null;
    }

    /** Number of invocations so far. */
    public synchronized long invocations() {
        return invocations;
    }

    /** Invokes the handler with an event document; never throws for handler failures (see {@link Invocation}). */
    public synchronized Invocation invoke(byte[] event) {
        String requestId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        boolean cold = handler == null;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        byte[] payload;
        Throwable failure = null;
        double initMs = 0;
        try {
            if (cold) {
                coldStart();
                initMs = (System.nanoTime() - start) / 1e6;
            }
            Context context = new LambdaTestContext(requestId, definition.logicalId(), region, accountId,
                    definition.memoryMb(), System.nanoTime() + definition.timeoutSeconds() * 1_000_000_000L,
                    lambdaLogger);
            payload = call(event, context);
        } catch (Throwable t) {
            failure = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
            payload = errorDocument(failure);
        } finally {
            thread.setContextClassLoader(previous);
            invocations++;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        JsonLog.Line line = (failure == null ? log.info("invoke") : log.error("invoke"))
                .with("request_id", requestId)
                .with("status", failure == null ? "ok" : "error")
                .with("duration_ms", Math.round(ms * 100) / 100.0)
                .with("cold_start", cold);
        if (cold && handler != null) {
            line.with("init_ms", Math.round(initMs * 100) / 100.0);
        }
        if (ms > definition.timeoutSeconds() * 1000.0) {
            line.with("timeout_exceeded", true).with("timeout_s", definition.timeoutSeconds());
        }
        if (failure != null) {
            line.with("error_type", failure.getClass().getName()).with("error", truncate(failure.getMessage()));
        }
        line.log();
        return new Invocation(requestId, payload, failure != null, cold, ms);
    }

    private void coldStart() throws ReflectiveOperationException {
        if (!definition.handlerMethod().equals("handleRequest")) {
            throw new IllegalStateException("handler " + definition.handler()
                    + ": the local stack supports RequestHandler/RequestStreamHandler::handleRequest only");
        }
        // Instantiating the class the template names is what the Lambda runtime itself does.
        Class<?> type = Class.forName(definition.handlerClass(), true, classLoader);
        if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException(type.getName()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
        Object instance;
        try {
            instance = clockConstructor(type) != null ? clockConstructor(type).newInstance(environment, clock)
                    : type.getConstructor(Map.class).newInstance(environment);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no public constructor taking Map<String, String>"
                    + " (its environment): every Propel handler needs one for the local stack, see"
                    + " docs/local-stack.md", e);
        }
        if (instance instanceof RequestHandler<?, ?>) {
            Class<?>[] io = HandlerTypes.of(type);
            @SuppressWarnings("unchecked")
            PojoSerializer<Object> in = (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(io[0],
                    classLoader);
            inputSerializer = in;
            declaredOutput = io[1];
        }
        handler = instance;
    }

    private static java.lang.reflect.Constructor<?> clockConstructor(Class<?> type) {
        try {
            return type.getConstructor(Map.class, Clock.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] call(byte[] event, Context context) throws IOException {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        }
        Object input = inputSerializer.fromJson(new ByteArrayInputStream(event));
        Object output = ((RequestHandler<Object, Object>) handler).handleRequest(input, context);
        if (output == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Class<?> outType = declaredOutput != Object.class && declaredOutput.isInstance(output)
                ? declaredOutput : output.getClass();
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(outType,
                classLoader);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(output, out);
        return out.toByteArray();
    }

    private static byte[] errorDocument(Throwable t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("errorMessage", t.getMessage() == null ? t.toString() : t.getMessage());
            g.writeStringField("errorType", t.getClass().getName());
            g.writeArrayFieldStart("stackTrace");
            StackTraceElement[] trace = t.getStackTrace();
            for (int i = 0; i < Math.min(trace.length, 20); i++) {
                g.writeString(trace[i].toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
