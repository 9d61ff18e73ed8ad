package dev.propel.bench.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.model.ServingModel;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.Predictor;
import dev.propel.functions.serving.ServingContext;
import dev.propel.functions.tracing.Tracing;
import dev.propel.testkit.LambdaTestContext;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm {@code /predict} of the sample session as Lambda runs it, in a fresh JVM on the Lambda jar with the
 * environment Lambda sets ({@code LAMBDA_TASK_ROOT}, {@code AWS_XRAY_DAEMON_ADDRESS}): the handler built by its
 * Lambda constructor path (Powertools Logging through log4j2 and the function's {@code log4j2.xml}, EMF metrics,
 * X-Ray), one Lambda context and one runtime trace header per invocation; measured in alternating rounds against
 * the same handler untraced and bare ORT on the same vector. Writes {@code <untraced ns> <every-sampled ns>
 * <default-sampled ns> <bare ns> <invocations per traced run> <sampled, every> <sampled, default> <checksum != 0>}
 * then the same four medians in process CPU ns, then the paired ratios to bare ORT (median over rounds of the
 * round's ratio) of untraced, every-sampled, default-sampled, and of the untraced handler without its Powertools log
 * (scope and line) and without its EMF line, which say what each part of the overhead costs.
 */
public final class ObservedServe {
    private static final int CONTEXTS = 4096;
    private static final String FUNCTION = "PredictFunction";
    // the position of the bare ORT run among the timed operations: the anchor of the paired ratios
    private static final int BARE = 3;

    private ObservedServe() {
    }

    /** Arguments: S3 endpoint, bucket, file holding the request body, warm-up runs, rounds, runs per round, result. */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = Map.of(S3ClientFactory.ENDPOINT_ENV, args[0], S3ClientFactory.BUCKET_ENV, args[1]);
        String body = Files.readString(Path.of(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int perRound = Integer.parseInt(args[5]);
        if (!Tracing.lambda().active()) {
            throw new IllegalStateException("run with the environment of a traced Lambda function");
        }

        // what Lambda's init runs: the handler's constructor, with the process environment Lambda sets
        PredictHandler traced = new PredictHandler(env);
        ServingContext serving = ServingContext.shared(env);
        // the same function with tracing off (PassThrough): the same log and metrics, a context of its own
        Predictor untracedPredictor = new ServingContext(serving.config(), serving.s3(),
                (event, at, requestId) -> {
                }, Tracing.off()).predictor();
        PredictHandler untraced = new PredictHandler(untracedPredictor, LambdaLogging.forFunction(FUNCTION),
                EmfMetricsPublisher.forFunction(FUNCTION));
        // the untraced handler less one part each: no Powertools scope and request line (a sink that drops the
        // line, so the pipeline opens no scope), and no EMF line
        PredictHandler withoutLog = new PredictHandler(untracedPredictor, new JsonLog(FUNCTION, entry -> {
        }), EmfMetricsPublisher.forFunction(FUNCTION));
        PredictHandler withoutMetrics = new PredictHandler(untracedPredictor, LambdaLogging.forFunction(FUNCTION),
                EmfMetricsPublisher.disabled());
        ServingModel conversion = serving.models().current(ModelTask.CONVERSION.id());
        byte[] onnx = serving.s3().getObjectAsBytes(b -> b.bucket(args[1]).key(conversion.manifest().modelKey()))
                .asByteArray();
        SessionVector vector = SessionVector.of(conversion, body);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/predict").withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("bench-api-request").withStage("prod"));
        // built before measuring: Lambda hands each invocation its context
        Context[] contexts = new Context[CONTEXTS];
        for (int i = 0; i < CONTEXTS; i++) {
            contexts[i] = new LambdaTestContext("bench-invocation-" + i, "propel-" + FUNCTION);
        }
        TraceHeaders every = new TraceHeaders(TraceHeaders.Sampling.EVERY_REQUEST, 15);
        TraceHeaders lambdaDefault = new TraceHeaders(TraceHeaders.Sampling.LAMBDA_DEFAULT, 15);
        long[] invocation = new long[1];
        float[] sink = new float[1];
        // the process's CPU time too: this JVM runs nothing else, so it is what the invocations cost whatever else
        // the machine runs (GC and JIT threads included)
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Interleaved.Timings timings;
        try (BareOrt bare = new BareOrt(onnx, vector.numeric(), 1, vector.categoricalOrNull())) {
            timings = Interleaved.timed(List.of(
                    () -> {
                        System.clearProperty(Tracing.TRACE_HEADER_PROPERTY);
                        call(untraced, event, contexts[(int) (invocation[0]++ % CONTEXTS)]);
                    },
                    () -> {
                        every.nextInvocation();
                        call(traced, event, contexts[(int) (invocation[0]++ % CONTEXTS)]);
                    },
                    () -> {
                        lambdaDefault.nextInvocation();
                        call(traced, event, contexts[(int) (invocation[0]++ % CONTEXTS)]);
                    },
                    () -> sink[0] += bare.run(),
                    () -> {
                        System.clearProperty(Tracing.TRACE_HEADER_PROPERTY);
                        call(withoutLog, event, contexts[(int) (invocation[0]++ % CONTEXTS)]);
                    },
                    () -> {
                        System.clearProperty(Tracing.TRACE_HEADER_PROPERTY);
                        call(withoutMetrics, event, contexts[(int) (invocation[0]++ % CONTEXTS)]);
                    }), warmup, rounds, perRound, os::getProcessCpuTime, BARE);
        }
        double[] ns = timings.wallNs();
        double[] cpu = timings.cpuNs();
        double[] paired = timings.pairedRatios();
        Files.writeString(Path.of(args[6]), String.format(Locale.ROOT,
                "%.1f %.1f %.1f %.1f %d %d %d %s %.1f %.1f %.1f %.1f %.4f %.4f %.4f %.4f %.4f%n", ns[0], ns[1], ns[2],
                ns[3], every.invocations(), every.sampled(), lambdaDefault.sampled(), sink[0] != 0, cpu[0], cpu[1],
                cpu[2], cpu[3], paired[0], paired[1], paired[2], paired[4], paired[5]));
        System.exit(0);
    }

    private static void call(PredictHandler handler, APIGatewayProxyRequestEvent event, Context context) {
        int status = handler.handleRequest(event, context).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("benchmark request answered " + status);
        }
    }
}
