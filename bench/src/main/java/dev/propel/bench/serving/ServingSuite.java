package dev.propel.bench.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelManifest;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.model.FeatureLayout;
import dev.propel.functions.model.ServingModel;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.RankHandler;
import dev.propel.functions.serving.ServingConfig;
import dev.propel.functions.serving.ServingContext;
import dev.propel.functions.serving.SessionScorer;
import dev.propel.functions.tracing.Tracing;
import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.testkit.LambdaTestContext;
import dev.propel.testkit.RepositoryFolders;
import dev.propel.testkit.TestModels;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The serving benchmarks (issue #7, DESIGN §8): warm {@code /predict} of one row against a bare ORT run of the
 * same vector, alone and with the deployed function's logging, metrics and X-Ray tracing on (issue #15),
 * {@code /rank} of 200 candidates, and cold start (fresh JVM → model from S3 → first answer) against a fresh JVM
 * that only GETs the model, each with default JVM flags and with AppCDS, C1 only and pre-extracted ORT natives.
 */
public final class ServingSuite implements BenchmarkSuite {
    static final String SUITE = "serving";
    private static final String BUCKET = "propel-bench";
    /** Extra JVM options of the runs on the Lambda jar (see {@link #childJavaOptions}). */
    static final String CHILD_JAVA_OPTS_ENV = "PROPEL_BENCH_CHILD_JAVA_OPTS";
    private static final ObjectMapper JSON = new ObjectMapper();
    private long blackhole;

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) throws Exception {
        Path s3Root = context.workDir().resolve("s3");
        deleteRecursively(s3Root);
        List<BenchFigure> figures = new ArrayList<>();
        try (EmbeddedS3 server = EmbeddedS3.start(s3Root, 0)) {
            server.createBucket(BUCKET);
            S3Client s3 = server.client();
            context.log().println("serving: training and publishing models…");
            ModelManifest conversion = TestModels.publish(s3, BUCKET, TestModels.conversion(),
                    "20261128T090000Z");
            TestModels.publish(s3, BUCKET, TestModels.item(), "20261128T090000Z");
            TestModels.publish(s3, BUCKET, TestModels.generic(), "20261128T090000Z");
            TestModels.publishStats(s3, BUCKET);
            ServingContext serving = new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(60), 1), s3,
                    (event, at, requestId) -> {
                    });
            figures.addAll(warm(serving, s3, context));
            figures.addAll(asInLambda(server, context));
            figures.addAll(coldStart(server, conversion, context));
        }
        return figures;
    }

    private List<BenchFigure> warm(ServingContext serving, S3Client s3, BenchContext context) throws Exception {
        boolean quick = context.quick();
        int warmup = quick ? 2_000 : 30_000;
        int rounds = quick ? 5 : 25;
        int perRound = quick ? 500 : 2_000;
        JsonLog quiet = new JsonLog("PredictFunction", new PrintStream(OutputStream.nullOutputStream()));
        PredictHandler predict = new PredictHandler(serving.predictor(), quiet);
        List<BenchFigure> figures = new ArrayList<>();

        // One named row of a generic model: JSON → named features → model inputs → JSON.
        APIGatewayProxyRequestEvent rowEvent = event(
                "{\"model\":\"shoppers\",\"rows\":[{\"age\":35,\"pages\":12,\"device\":\"desktop\"}]}");
        ServingModel shoppers = serving.models().current("shoppers");
        float[] rowNumeric = new float[shoppers.inputs().numeric().size()];
        Map<String, Float> values = Map.of("age", 35f, "pages", 12f);
        for (int i = 0; i < rowNumeric.length; i++) {
            rowNumeric[i] = values.get(shoppers.inputs().numeric().get(i));
        }
        try (BareOrt bare = new BareOrt(TestModels.generic().onnx(), rowNumeric, 1, new String[] {"desktop"})) {
            check(predict.handleRequest(rowEvent, null).getStatusCode());
            double[] ns = Interleaved.medians(
                    () -> blackhole += predict.handleRequest(rowEvent, null).getStatusCode(),
                    () -> blackhole += Float.floatToIntBits(bare.run()), warmup, rounds, perRound);
            context.log().printf("serving: /predict 1 row %.1f µs, bare ORT %.1f µs%n", ns[0] / 1e3, ns[1] / 1e3);
            figures.add(BenchFigure.atMost(SUITE, "/predict 1 named row (generic model), warm handler", ns[0] / 1e3,
                    "µs", "bare OrtSession.run, same vector", ns[1] / 1e3, 2));
        }

        // A session's events (the sample request): JSON → core session features → conversion model → JSON.
        APIGatewayProxyRequestEvent sessionEvent = sampleEvent();
        ServingModel conversion = serving.models().current("conversion");
        ObjectNode body = (ObjectNode) JSON.readTree(sampleBody());
        List<BehaviourEvent> events = SessionVector.events(body);
        SessionVector vector = SessionVector.of(conversion, sampleBody());
        try (BareOrt bare = new BareOrt(TestModels.conversion().onnx(), vector.numeric(), 1,
                vector.categoricalOrNull())) {
            check(predict.handleRequest(sessionEvent, null).getStatusCode());
            double[] ns = Interleaved.medians(
                    () -> blackhole += predict.handleRequest(sessionEvent, null).getStatusCode(),
                    () -> blackhole += Float.floatToIntBits(bare.run()), warmup, rounds, perRound);
            context.log().printf("serving: /predict session %.1f µs, bare ORT %.1f µs%n", ns[0] / 1e3, ns[1] / 1e3);
            figures.add(BenchFigure.atMost(SUITE, "/predict session events (4 events → core features), warm handler",
                    ns[0] / 1e3, "µs", "bare OrtSession.run, same vector", ns[1] / 1e3, 2));
            figures.addAll(observed(serving, s3, sessionEvent, bare, warmup, rounds, perRound, context));
        }

        // /rank of 200 candidates with the sample session.
        RankHandler rank = new RankHandler(serving.ranker(),
                new JsonLog("RankFunction", new PrintStream(OutputStream.nullOutputStream())));
        ObjectNode rankBody = body.deepCopy();
        rankBody.remove("model");
        ArrayNode candidates = rankBody.putArray("candidates");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            candidates.add(TestModels.sku(i));
            ids.add(TestModels.sku(i));
        }
        rankBody.put("k", 10);
        APIGatewayProxyRequestEvent rankEvent = event(rankBody.toString());
        check(rank.handleRequest(rankEvent, null).getStatusCode());
        List<FeatureRow> itemRows = ItemFeatures.computeAll(events, ids, SessionScorer.cutOf(events),
                TestModels.stats());
        ServingModel item = serving.models().current("item");
        FeatureLayout itemLayout = item.layoutFor(itemRows.get(0).numericNames(), itemRows.get(0).categoricalNames());
        float[] itemNum = new float[200 * itemLayout.numericWidth()];
        String[] itemCat = new String[200 * itemLayout.categoricalWidth()];
        for (int r = 0; r < 200; r++) {
            itemLayout.encode(itemRows.get(r), r, itemNum, itemCat);
        }
        int calls = quick ? 300 : 3_000;
        try (BareOrt bare = new BareOrt(TestModels.item().onnx(), itemNum, 200,
                itemCat.length == 0 ? null : itemCat)) {
            for (int i = 0; i < calls; i++) {
                blackhole += rank.handleRequest(rankEvent, null).getStatusCode();
                blackhole += Float.floatToIntBits(bare.run());
            }
            long[] handlerNs = new long[calls];
            long[] bareNs = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                blackhole += rank.handleRequest(rankEvent, null).getStatusCode();
                long t1 = System.nanoTime();
                blackhole += Float.floatToIntBits(bare.run());
                long t2 = System.nanoTime();
                handlerNs[i] = t1 - t0;
                bareNs[i] = t2 - t1;
            }
            double median = Interleaved.percentile(handlerNs, 0.5) / 1e6;
            double p90 = Interleaved.percentile(handlerNs, 0.9) / 1e6;
            double bareMedian = Interleaved.percentile(bareNs, 0.5) / 1e6;
            context.log().printf("serving: /rank 200 median %.3f ms (p90 %.3f ms), bare ORT batch 200 %.3f ms%n",
                    median, p90, bareMedian);
            figures.add(BenchFigure.absolute(SUITE, "/rank 200 candidates, warm handler, median", median, "ms",
                    "≤ 1 ms", median <= 1.0));
            figures.add(BenchFigure.absolute(SUITE, "/rank 200 candidates, warm handler, p90", p90, "ms",
                    "(info)", true));
            figures.add(BenchFigure.absolute(SUITE, "bare OrtSession.run, item model, batch 200, median",
                    bareMedian, "ms", "(info)", true));
        }
        return figures;
    }

    private List<BenchFigure> coldStart(EmbeddedS3 server, ModelManifest conversion, BenchContext context)
            throws Exception {
        Path work = context.workDir();
        Path natives = extractNatives(work.resolve("ort-native"));
        Path bodyFile = work.resolve("predict-body.json");
        Files.writeString(bodyFile, sampleBody());
        String classpath = childClasspath(work);
        String endpoint = server.endpoint().toString();
        List<String> floorArgs = List.of(ColdStartFloor.class.getName(), endpoint, BUCKET, conversion.modelKey());
        List<String> serveArgs = List.of(ColdStartServe.class.getName(), endpoint, BUCKET, bodyFile.toString());
        int runs = context.quick() ? 2 : 7;
        List<BenchFigure> figures = new ArrayList<>();

        double[] plain = coldPair(classpath, List.of(), List.of(), floorArgs, serveArgs, runs);
        context.log().printf("serving: cold start default flags: serve %.0f ms, floor %.0f ms%n", plain[0], plain[1]);
        figures.add(BenchFigure.atMost(SUITE, "cold start: fresh JVM → model from S3 → first /predict (default flags)",
                plain[0], "ms", "fresh JVM + S3 GET of the model (default flags)", plain[1], 1.5));

        Path floorJsa = work.resolve("floor.jsa");
        Path serveJsa = work.resolve("serve.jsa");
        List<String> tuned = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        Files.deleteIfExists(floorJsa);
        Files.deleteIfExists(serveJsa);
        time(classpath, concat(tuned, List.of("-XX:ArchiveClassesAtExit=" + floorJsa)), floorArgs);
        time(classpath, concat(tuned, List.of("-XX:ArchiveClassesAtExit=" + serveJsa,
                "-Donnxruntime.native.path=" + natives)), serveArgs);
        List<String> floorFlags = concat(tuned, List.of("-XX:SharedArchiveFile=" + floorJsa));
        List<String> serveFlags = concat(tuned, List.of("-XX:SharedArchiveFile=" + serveJsa,
                "-Donnxruntime.native.path=" + natives));
        double[] fast = coldPair(classpath, floorFlags, serveFlags, floorArgs, serveArgs, runs);
        context.log().printf("serving: cold start AppCDS + C1 + ORT natives: serve %.0f ms, floor %.0f ms%n",
                fast[0], fast[1]);
        figures.add(BenchFigure.atMost(SUITE, "cold start: fresh JVM → model from S3 → first /predict "
                + "(AppCDS, C1 only, SerialGC, pre-extracted ORT natives)", fast[0], "ms",
                "fresh JVM + S3 GET of the model (AppCDS, C1 only, SerialGC)", fast[1], 1.5));
        return figures;
    }

    /** Median wall time of serve and floor runs, alternated. */
    private static double[] coldPair(String cp, List<String> floorFlags, List<String> serveFlags,
                                     List<String> floorArgs, List<String> serveArgs, int runs) throws Exception {
        long[] serve = new long[runs];
        long[] floor = new long[runs];
        time(cp, floorFlags, floorArgs);
        time(cp, serveFlags, serveArgs);
        for (int i = 0; i < runs; i++) {
            floor[i] = time(cp, floorFlags, floorArgs);
            serve[i] = time(cp, serveFlags, serveArgs);
        }
        return new double[] {Interleaved.percentile(serve, 0.5) / 1e6, Interleaved.percentile(floor, 0.5) / 1e6};
    }

    /** Nanoseconds from process start to its {@code done} line. */
    private static long time(String cp, List<String> flags, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        long done = -1;
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                last = line;
                if (line.startsWith("done ")) {
                    done = System.nanoTime();
                    if (!line.equals("done 200") && args.get(0).equals(ColdStartServe.class.getName())) {
                        throw new IllegalStateException("cold-start request failed: " + line);
                    }
                }
            }
        }
        int exit = p.waitFor();
        if (done < 0 || exit != 0) {
            throw new IllegalStateException("cold-start run " + args.get(0) + " exited " + exit + ", last line: "
                    + last);
        }
        return done - start;
    }

    /**
     * The deployable Lambda jar when built (what Lambda runs), else this JVM's class path; plus the jar of the
     * child mains (AppCDS refuses class-path directories).
     */
    private static String childClasspath(Path work) throws Exception {
        return mainsJar(work) + File.pathSeparator
                + lambdaJar().map(Path::toString).orElse(System.getProperty("java.class.path"));
    }

    /** A jar holding only the child JVMs' mains and the few classes they use beside the Lambda jar's. */
    private static Path mainsJar(Path work) throws IOException {
        Path mains = work.resolve("child-mains.jar");
        List<Class<?>> classes = List.of(ColdStartFloor.class, ColdStartServe.class, ObservedServe.class,
                BareOrt.class, Interleaved.class, Interleaved.Timings.class, SessionVector.class, TraceHeaders.class,
                TraceHeaders.Sampling.class, LambdaTestContext.class);
        ClassLoader loader = ServingSuite.class.getClassLoader();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(mains))) {
            for (Class<?> c : classes) {
                String name = c.getName().replace('.', '/');
                copyClass(loader, name + ".class", jar);
                // and its anonymous classes ($1, $2, …), which have no Class literal to name them by
                for (int i = 1; loader.getResource(name + "$" + i + ".class") != null; i++) {
                    copyClass(loader, name + "$" + i + ".class", jar);
                }
            }
        }
        return mains;
    }

    private static void copyClass(ClassLoader loader, String resource, JarOutputStream jar) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource + " on the class path");
            }
            jar.putNextEntry(new JarEntry(resource));
            in.transferTo(jar);
            jar.closeEntry();
        }
    }

    /** The deployable Lambda jar ({@code functions/target/*-lambda.jar}), if built. */
    private static Optional<Path> lambdaJar() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path target = p.resolve("functions/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Optional<Path> jar = files.filter(f -> f.getFileName().toString().endsWith("-lambda.jar"))
                            .findFirst();
                    if (jar.isPresent()) {
                        return jar;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The ORT natives, extracted once, as {@code -Donnxruntime.native.path} expects them. */
    private static Path extractNatives(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String lib : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
            try (InputStream in = ai.onnxruntime.OrtEnvironment.class.getResourceAsStream(
                    "/ai/onnxruntime/native/linux-x64/" + lib)) {
                if (in == null) {
                    throw new IllegalStateException("no linux-x64 " + lib + " in the onnxruntime jar");
                }
                Files.copy(in, dir.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /**
     * {@code /predict} of the sample session with what the deployed function adds, against the same bare ORT run
     * in alternating rounds: the request's JSON log line written (to a discarding stream) and its EMF metrics
     * through Powertools (standard output discarded while measuring); then also X-Ray as inside Lambda (a traced
     * context): before each request the runtime's trace header (a fresh trace, every request sampled, or as
     * Lambda's default rule samples), and each sampled request's {@code model inference} subsegment serialised and
     * sent over UDP to the daemon address.
     */
    private List<BenchFigure> observed(ServingContext serving, S3Client s3, APIGatewayProxyRequestEvent event,
            BareOrt bare, int warmup, int rounds, int perRound, BenchContext context) throws Exception {
        PrintStream stdout = System.out;
        try (XRayDaemonSocket daemon = new XRayDaemonSocket()) {
            ServingContext traced = new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(60), 1), s3,
                    (e, at, requestId) -> {
                    }, Tracing.fromEnvironment(Map.of(Tracing.TASK_ROOT_ENV, "/var/task",
                            Tracing.DAEMON_ENV, daemon.address())));
            PredictHandler plain = observedHandler(serving);
            PredictHandler withXRay = observedHandler(traced);
            TraceHeaders every = new TraceHeaders(TraceHeaders.Sampling.EVERY_REQUEST, 15);
            TraceHeaders lambdaDefault = new TraceHeaders(TraceHeaders.Sampling.LAMBDA_DEFAULT, 15);
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            // short rounds, so each pairs the handler with bare ORT under the same neighbours (same calls in all)
            Interleaved.Timings timings = Interleaved.timed(List.of(
                    () -> blackhole += plain.handleRequest(event, null).getStatusCode(),
                    () -> {
                        every.nextInvocation();
                        blackhole += withXRay.handleRequest(event, null).getStatusCode();
                    },
                    () -> {
                        lambdaDefault.nextInvocation();
                        blackhole += withXRay.handleRequest(event, null).getStatusCode();
                    },
                    () -> blackhole += Float.floatToIntBits(bare.run())), warmup, rounds * 10, perRound / 10,
                    () -> 0L, 3);
            System.setOut(stdout);
            checkSent(every.sampled() + lambdaDefault.sampled(), daemon.datagrams());
            return observedFigures("JSON log + EMF metrics", timings.wallNs(), timings.pairedRatios(),
                    every.invocations(), every.sampled(), lambdaDefault.sampled(), daemon.datagrams(), context);
        } finally {
            System.setOut(stdout);
            System.clearProperty(Tracing.TRACE_HEADER_PROPERTY);
        }
    }

    private static PredictHandler observedHandler(ServingContext serving) {
        return new PredictHandler(serving.predictor(),
                new JsonLog("PredictFunction", new PrintStream(OutputStream.nullOutputStream())),
                EmfMetricsPublisher.forFunction("PredictFunction"));
    }

    /**
     * {@code /predict} of the sample session as Lambda runs it (see {@link ObservedServe}): a fresh JVM on the
     * deployable Lambda jar, so the log line goes through Powertools Logging as inside Lambda (log4j2 and its JSON
     * layout, which the benchmark class path, with the local stack's logback, cannot host). Skipped, saying why,
     * when the Lambda jar is not built.
     */
    private List<BenchFigure> asInLambda(EmbeddedS3 server, BenchContext context) throws Exception {
        Optional<Path> lambdaJar = lambdaJar();
        if (lambdaJar.isEmpty()) {
            context.log().println("serving: no functions/target/*-lambda.jar (mvn package builds it): the "
                    + "Powertools logging path as inside Lambda is not measured");
            return List.of();
        }
        Path work = context.workDir();
        Path bodyFile = work.resolve("predict-body.json");
        Files.writeString(bodyFile, sampleBody());
        Path result = work.resolve("observed.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        // the JVM flags the deployed function runs with (template Globals: JIT and GC), then the caller's extra options
        List<String> jvm = templateJvmOptions();
        context.log().printf("serving: the Lambda jar runs with the template's JVM flags %s%n", jvm);
        cmd.addAll(jvm);
        cmd.addAll(childJavaOptions());
        cmd.addAll(List.of("-cp", mainsJar(work) + File.pathSeparator + lambdaJar.get(),
                ObservedServe.class.getName(), server.endpoint().toString(), BUCKET, bodyFile.toString()));
        // short rounds, so each pairs the handler with bare ORT under the same neighbours
        cmd.addAll(context.quick() ? List.of("2000", "50", "50") : List.of("30000", "250", "200"));
        cmd.add(result.toString());
        try (XRayDaemonSocket daemon = new XRayDaemonSocket()) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // what Lambda sets for a function with Tracing: Active
            pb.environment().put(Tracing.TASK_ROOT_ENV, work.toString());
            pb.environment().put(Tracing.DAEMON_ENV, daemon.address());
            int exit = pb.start().waitFor();
            if (exit != 0 || !Files.exists(result)) {
                throw new IllegalStateException("the Lambda-jar /predict run exited " + exit);
            }
            String[] r = Files.readString(result).trim().split(" ");
            double[] ns = {Double.parseDouble(r[0]), Double.parseDouble(r[1]), Double.parseDouble(r[2]),
                Double.parseDouble(r[3])};
            long sampledEvery = Long.parseLong(r[5]);
            long sampledDefault = Long.parseLong(r[6]);
            checkSent(sampledEvery + sampledDefault, daemon.datagrams());
            // paired ratios to bare ORT: untraced, every request sampled, default sampling, without log, without EMF
            double[] paired = {Double.parseDouble(r[12]), Double.parseDouble(r[13]), Double.parseDouble(r[14]),
                Double.parseDouble(r[15]), Double.parseDouble(r[16])};
            List<BenchFigure> figures = new ArrayList<>(observedFigures("Lambda jar: Powertools log + EMF metrics", ns,
                    paired, Long.parseLong(r[4]), sampledEvery, sampledDefault, daemon.datagrams(), context));
            // the same medians in the child's CPU time: what the invocations cost, which other jobs on the same
            // cores inflate far less than wall time
            double[] cpu = {Double.parseDouble(r[8]), Double.parseDouble(r[9]), Double.parseDouble(r[10]),
                Double.parseDouble(r[11])};
            List<String> names = List.of("", " + X-Ray (every request sampled)", " + X-Ray (Lambda's default sampling)");
            for (int i = 0; i < names.size(); i++) {
                context.log().printf("serving: /predict session, Lambda jar%s, CPU %.1f µs vs bare %.1f µs (%.2fx)%n",
                        names.get(i), cpu[i] / 1e3, cpu[3] / 1e3, cpu[i] / cpu[3]);
                figures.add(BenchFigure.atMost(SUITE, "/predict session events, warm, Lambda jar: Powertools log + EMF "
                        + "metrics" + names.get(i) + " on, process CPU per call", cpu[i] / 1e3, "µs",
                        "bare OrtSession.run, same vector, CPU", cpu[3] / 1e3, 2));
            }
            logParts(ns[3], paired, context);
            return figures;
        }
    }

    /**
     * What each part of the Lambda-jar overhead costs, in bare ORT runs (paired ratios) and in µs: the untraced
     * handler less its Powertools log (scope and line) and less its EMF line, and X-Ray at Lambda's default sampling
     * over untraced. Differences of medians in the same rounds: a split of the overhead, not figures with targets.
     */
    private static void logParts(double bareNs, double[] paired, BenchContext context) {
        double log = paired[0] - paired[3];
        double metrics = paired[0] - paired[4];
        double rest = paired[0] - log - metrics;
        double xray = paired[2] - paired[0];
        context.log().printf("serving: /predict session, Lambda jar, what each part costs: the handler without log "
                + "and metrics %.2fx bare (%.1f µs); Powertools log scope and line %.2fx (%.1f µs), EMF line %.2fx "
                + "(%.1f µs), X-Ray at Lambda's default sampling %.2fx (%.1f µs)%n", rest, rest * bareNs / 1e3, log,
                log * bareNs / 1e3, metrics, metrics * bareNs / 1e3, xray, xray * bareNs / 1e3);
    }

    /**
     * The three figures of an observed run: untraced, every request sampled, Lambda's default sampling; each median
     * against bare ORT's, with the paired ratio (the median of the rounds' ratios) compared with the target.
     */
    private static List<BenchFigure> observedFigures(String on, double[] ns, double[] paired, long invocations,
            long sampledEvery, long sampledDefault, long datagrams, BenchContext context) {
        List<String> names = List.of(on, on + " + X-Ray (every request sampled)",
                on + " + X-Ray (Lambda's default sampling)");
        context.log().printf("serving: /predict session, bare ORT %.1f µs; X-Ray sampled %d and %d of %d requests, "
                + "%d datagrams received%n", ns[3] / 1e3, sampledEvery, sampledDefault, invocations, datagrams);
        List<BenchFigure> figures = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            context.log().printf("serving: /predict session, %s, %.1f µs (%.2fx, paired by round %.2fx)%n",
                    names.get(i), ns[i] / 1e3, ns[i] / ns[3], paired[i]);
            figures.add(BenchFigure.pairedAtMost(SUITE, "/predict session events, warm, " + names.get(i) + " on",
                    ns[i] / 1e3, "µs", "bare OrtSession.run, same vector", ns[3] / 1e3, paired[i], 2));
        }
        return figures;
    }

    /** Sampled requests send their subsegments: a run whose sampled requests sent nothing measured nothing. */
    private static void checkSent(long sampled, long datagrams) {
        if (sampled > 0 && datagrams == 0) {
            throw new IllegalStateException(sampled + " sampled requests sent no X-Ray datagram");
        }
    }

    /**
     * The {@code -XX:} options of {@code PredictFunction}'s {@code JAVA_TOOL_OPTIONS} in the template: the warm
     * figures of the Lambda jar are only Lambda's when its JIT and collector run as configured there (a C1-only JVM
     * made the same handler about twice as slow; G1, which this machine's JVM picks by itself, 0.12-0.15x of a bare
     * ORT run slower than the serial collector). The {@code -D} options name paths inside Lambda and are left out.
     */
    static List<String> templateJvmOptions() throws IOException {
        SamTemplate template = new TemplateReader(PseudoParameters.local())
                .read(RepositoryFolders.repositoryFile("template.yaml"));
        String options = template.function("PredictFunction")
                .orElseThrow(() -> new IllegalStateException("no PredictFunction in template.yaml"))
                .environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        return Stream.of(options.trim().split("\\s+")).filter(o -> o.startsWith("-XX:")).toList();
    }

    /**
     * Extra JVM options of the Lambda-jar run, from {@value #CHILD_JAVA_OPTS_ENV} (e.g. Lambda's C1-only
     * {@code JAVA_TOOL_OPTIONS}, or a flight recording), none by default.
     */
    private static List<String> childJavaOptions() {
        String options = System.getenv(CHILD_JAVA_OPTS_ENV);
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return List.of(options.trim().split("\\s+"));
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("benchmark request answered " + status);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The repository's {@code events/predict.json}, as the Lambda runtime would deserialise it. */
    private static APIGatewayProxyRequestEvent sampleEvent() throws IOException {
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                ServingSuite.class.getClassLoader()).fromJson(Files.readString(
                        RepositoryFolders.repositoryFile("events/predict.json")));
    }

    /** The sample event's JSON body: the file carries it base64-encoded, as API Gateway delivers it. */
    private static String sampleBody() throws IOException {
        return new String(Base64.getDecoder().decode(sampleEvent().getBody()), StandardCharsets.UTF_8);
    }

    /** The sample event with another body, base64-encoded as the deployed API sends every body. */
    private static APIGatewayProxyRequestEvent event(String body) throws IOException {
        APIGatewayProxyRequestEvent e = sampleEvent();
        e.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        e.setIsBase64Encoded(true);
        return e;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs the suite on its own (as {@code ./propel bench --only serving}), printing the figures. */
    public static void main(String[] args) {
        System.exit(PropelCommandLine.of(new Standalone(), "serving-bench", System.out, System.err).execute(args));
    }

    /** The command line of {@link #main}: the same {@code --quick} as {@code ./propel bench}, and a JSON file. */
    @Command(name = "serving-bench", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
            description = "the serving benchmarks on their own")
    static final class Standalone implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        private boolean help;
        @Option(names = "--quick", description = "smaller runs, for a quick look")
        private boolean quick;
        @Parameters(arity = "0..1", paramLabel = "FIGURES_JSON", description = "also write the figures here as JSON")
        private Path output;

        @Override
        public Integer call() throws Exception {
            Path work = Files.createTempDirectory("propel-serving-bench-");
            try {
                List<BenchFigure> figures = new ServingSuite().run(new BenchContext(work, quick, System.err));
                for (BenchFigure f : figures) {
                    System.out.printf("%-100s %10.3f %-3s %s%n", f.figure(), f.value(), f.unit(),
                            Double.isNaN(f.ratio()) ? f.target() + (f.met() ? " met" : " NOT met")
                                    : String.format("ratio %.2f vs %s %.3f (%s %s)", f.ratio(), f.anchor(),
                                    f.anchorValue(), f.target(), f.met() ? "met" : "NOT met"));
                }
                if (output != null) {
                    JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), figures);
                }
            } finally {
                deleteRecursively(work);
            }
            return CommandLine.ExitCode.OK;
        }
    }
}
