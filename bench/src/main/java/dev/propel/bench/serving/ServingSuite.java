package dev.propel.bench.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.xray.AWSXRay;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.features.SessionFeatures;
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
import dev.propel.functions.tracing.TraceSpan;
import dev.propel.functions.tracing.Tracing;
import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import dev.propel.s3.embedded.EmbeddedS3;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The serving benchmarks (issue #7, DESIGN §8): warm {@code /predict} of one row against a bare ORT run of the
 * same vector, {@code /rank} of 200 candidates, and cold start (fresh JVM → model from S3 → first answer)
 * against a fresh JVM that only GETs the model, each with default JVM flags and with AppCDS, C1 only and
 * pre-extracted ORT natives.
 */
public final class ServingSuite implements BenchmarkSuite {
    static final String SUITE = "serving";
    private static final String BUCKET = "propel-bench";
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
            figures.addAll(warm(serving, context));
            figures.addAll(coldStart(server, conversion, context));
        }
        return figures;
    }

    private List<BenchFigure> warm(ServingContext serving, BenchContext context) throws Exception {
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
            double[] ns = interleaved(() -> blackhole += predict.handleRequest(rowEvent, null).getStatusCode(),
                    () -> blackhole += Float.floatToIntBits(bare.run()), warmup, rounds, perRound);
            context.log().printf("serving: /predict 1 row %.1f µs, bare ORT %.1f µs%n", ns[0] / 1e3, ns[1] / 1e3);
            figures.add(BenchFigure.atMost(SUITE, "/predict 1 named row (generic model), warm handler", ns[0] / 1e3,
                    "µs", "bare OrtSession.run, same vector", ns[1] / 1e3, 2));
        }

        // A session's events (the sample request): JSON → core session features → conversion model → JSON.
        APIGatewayProxyRequestEvent sessionEvent = sampleEvent();
        ServingModel conversion = serving.models().current("conversion");
        ObjectNode body = (ObjectNode) JSON.readTree(sampleBody());
        List<BehaviourEvent> events = sessionEvents(body);
        FeatureRow row = SessionFeatures.compute(events, SessionScorer.cutOf(events));
        FeatureLayout layout = conversion.layoutFor(row.numericNames(), row.categoricalNames());
        float[] num = new float[layout.numericWidth()];
        String[] cat = new String[layout.categoricalWidth()];
        layout.encode(row, 0, num, cat);
        try (BareOrt bare = new BareOrt(TestModels.conversion().onnx(), num, 1, cat.length == 0 ? null : cat)) {
            check(predict.handleRequest(sessionEvent, null).getStatusCode());
            double[] ns = interleaved(() -> blackhole += predict.handleRequest(sessionEvent, null).getStatusCode(),
                    () -> blackhole += Float.floatToIntBits(bare.run()), warmup, rounds, perRound);
            context.log().printf("serving: /predict session %.1f µs, bare ORT %.1f µs%n", ns[0] / 1e3, ns[1] / 1e3);
            figures.add(BenchFigure.atMost(SUITE, "/predict session events (4 events → core features), warm handler",
                    ns[0] / 1e3, "µs", "bare OrtSession.run, same vector", ns[1] / 1e3, 2));
            figures.add(observed(serving, sessionEvent, bare, false, warmup, rounds, perRound, context));
            figures.add(observed(serving, sessionEvent, bare, true, warmup, rounds, perRound, context));
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
            double median = percentile(handlerNs, 0.5) / 1e6;
            double p90 = percentile(handlerNs, 0.9) / 1e6;
            double bareMedian = percentile(bareNs, 0.5) / 1e6;
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
        return new double[] {percentile(serve, 0.5) / 1e6, percentile(floor, 0.5) / 1e6};
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
     * The deployable Lambda jar when built (what Lambda runs), else this JVM's class path; plus a jar holding only
     * the two cold-start mains (AppCDS refuses class-path directories).
     */
    private static String childClasspath(Path work) throws Exception {
        Path mains = work.resolve("cold-start-mains.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(mains))) {
            for (Class<?> c : List.of(ColdStartFloor.class, ColdStartServe.class)) {
                String name = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path target = p.resolve("functions/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    var jar = files.filter(f -> f.getFileName().toString().endsWith("-lambda.jar")).findFirst();
                    if (jar.isPresent()) {
                        return mains + File.pathSeparator + jar.get();
                    }
                }
            }
        }
        return mains + File.pathSeparator + System.getProperty("java.class.path");
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
     * {@code /predict} of the sample session as deployed, against the same bare ORT run: the request's JSON log
     * line written (to a discarding stream) and its EMF metrics through Powertools (standard output discarded while
     * measuring); with {@code xray}, also X-Ray recording every request (a segment, Lambda's part, with a
     * subsegment), each serialised and sent over UDP to the daemon address as the SDK does for a sampled request.
     * Lambda samples the first request of each second and 5% of the rest by default; an unsampled request sends
     * nothing, so the X-Ray figure is the worst case.
     */
    private BenchFigure observed(ServingContext serving, APIGatewayProxyRequestEvent event, BareOrt bare,
            boolean xray, int warmup, int rounds, int perRound, BenchContext context) {
        PredictHandler predict = new PredictHandler(serving.predictor(),
                new JsonLog("PredictFunction", new PrintStream(OutputStream.nullOutputStream())),
                EmfMetricsPublisher.forFunction("PredictFunction"));
        Tracing traced = Tracing.fromEnvironment(Map.of(Tracing.TASK_ROOT_ENV, "/var/task",
                Tracing.DAEMON_ENV, "127.0.0.1:2000"));
        Runnable call = xray ? () -> {
            AWSXRay.beginSegment("PredictFunction");
            try (TraceSpan span = traced.begin("handler")) {
                blackhole += predict.handleRequest(event, null).getStatusCode();
            } finally {
                AWSXRay.endSegment();
            }
        } : () -> blackhole += predict.handleRequest(event, null).getStatusCode();
        PrintStream stdout = System.out;
        double[] ns;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            ns = interleaved(call, () -> blackhole += Float.floatToIntBits(bare.run()), warmup, rounds, perRound);
        } finally {
            System.setOut(stdout);
        }
        String on = xray ? "JSON log + EMF metrics + X-Ray (every request sampled)" : "JSON log + EMF metrics";
        context.log().printf("serving: /predict session, %s, %.1f µs, bare ORT %.1f µs%n", on, ns[0] / 1e3,
                ns[1] / 1e3);
        return BenchFigure.atMost(SUITE, "/predict session events, warm, " + on + " on", ns[0] / 1e3, "µs",
                "bare OrtSession.run, same vector", ns[1] / 1e3, 2);
    }

    /** Median ns/op of two operations measured in alternating rounds (so drift hits both alike). */
    private static double[] interleaved(Runnable a, Runnable b, int warmup, int rounds, int perRound) {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        long[] ra = new long[rounds];
        long[] rb = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                a.run();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                b.run();
            }
            long t2 = System.nanoTime();
            ra[r] = (t1 - t0) / perRound;
            rb[r] = (t2 - t1) / perRound;
        }
        return new double[] {percentile(ra, 0.5), percentile(rb, 0.5)};
    }

    private static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
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

    private static List<BehaviourEvent> sessionEvents(ObjectNode body) throws IOException {
        List<BehaviourEvent> events = new ArrayList<>();
        for (var node : body.get("session_events")) {
            events.add(dev.propel.core.event.EventJson.parse(node.toString()));
        }
        return events;
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

    /** Runs the suite on its own; {@code args[0]} (optional) is where to write the figures as JSON. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("propel-serving-bench-");
        boolean quick = Arrays.asList(args).contains("--quick");
        List<BenchFigure> figures = new ServingSuite().run(new BenchContext(work, quick, System.err));
        for (BenchFigure f : figures) {
            System.out.printf("%-100s %10.3f %-3s %s%n", f.figure(), f.value(), f.unit(),
                    Double.isNaN(f.ratio()) ? f.target() + (f.met() ? " met" : " NOT met")
                            : String.format("ratio %.2f vs %s %.3f (%s %s)", f.ratio(), f.anchor(), f.anchorValue(),
                            f.target(), f.met() ? "met" : "NOT met"));
        }
        if (args.length > 0 && !args[0].startsWith("--")) {
            JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[0]).toFile(), figures);
        }
        deleteRecursively(work);
        System.exit(0);
    }
}
