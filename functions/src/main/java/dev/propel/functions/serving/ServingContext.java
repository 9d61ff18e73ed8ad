package dev.propel.functions.serving;

import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.core.privacy.SsmParameterLookup;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.model.ItemStatsStore;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.model.ModelRegistry;
import dev.propel.functions.recommend.LiveRecommender;
import dev.propel.functions.recommend.RecallRegistry;
import dev.propel.functions.tracing.Tracing;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything the serving functions share in one container, built once at cold start: the S3 client, the model
 * registry (one ONNX Runtime session per model), item stats, the recall artefact and the recommender over it, the
 * decision policy and the decision writer. Each is loaded on first use, so a function pays only for what it
 * serves. It is the deliberate cold-start cache of the handlers, and the SnapStart (CRaC) resource: before the
 * checkpoint it runs the handlers' warm-ups (real inferences through the whole request path, so the snapshot holds
 * a JIT-warm process); after a restore it makes the next request re-check models, stats, recall and policy, since
 * the snapshot may be old.
 */
public final class ServingContext implements Resource {
    private static final Map<Map<String, String>, ServingContext> SHARED = new ConcurrentHashMap<>();
    private static final List<String> ENV_KEYS = List.of(S3ClientFactory.BUCKET_ENV, S3ClientFactory.ENDPOINT_ENV,
            ServingConfig.REFRESH_ENV, ServingConfig.INTRA_OP_THREADS_ENV, Pseudonymiser.KEY_ENV,
            Pseudonymiser.SSM_PARAMETER_ENV, "AWS_REGION");

    private final ServingConfig config;
    private final S3Client s3;
    private final ModelRegistry models;
    private final ItemStatsStore stats;
    private final PolicyStore policies;
    private final ExperimentStore experiments;
    private final ExperimentAssigner assigner;
    private final RecallRegistry recall;
    private final LiveRecommender recommender;
    private final SessionScorer scorer;
    private final DecisionSink decisions;
    private final List<Runnable> warmups = new CopyOnWriteArrayList<>();
    private final JsonLog log = JsonLog.stdout("ServingContext");

    /** Builds the context from explicit dependencies, untraced (tests, benchmarks, the local stack). */
    public ServingContext(ServingConfig config, S3Client s3, DecisionSink decisions) {
        this(config, s3, decisions, Tracing.off());
    }

    /** Builds the context from explicit dependencies, tracing each model inference with {@code tracing}. */
    public ServingContext(ServingConfig config, S3Client s3, DecisionSink decisions, Tracing tracing) {
        this(config, s3, ModelLoader.forCoreFeatures(s3, config.bucket(), config.intraOpThreads(), tracing),
                decisions);
    }

    /** Builds the context with a given model loader (tests that check feature schema mismatches). */
    public ServingContext(ServingConfig config, S3Client s3, ModelLoader loader, DecisionSink decisions) {
        this.config = config;
        this.s3 = s3;
        JsonLog servingLog = JsonLog.stdout("Serving");
        this.models = new ModelRegistry(loader, config.refresh(), servingLog);
        this.stats = new ItemStatsStore(s3, config.bucket(), config.refresh(), servingLog);
        this.policies = new PolicyStore(s3, config.bucket(), config.refresh(), servingLog);
        this.experiments = new ExperimentStore(s3, config.bucket(), config.refresh(), servingLog);
        this.assigner = new ExperimentAssigner(models, experiments::current);
        this.recall = new RecallRegistry(s3, config.bucket(), config.refresh(), servingLog);
        this.recommender = new LiveRecommender(recall, () -> models.find(ModelTask.RERANK.id()), servingLog);
        this.scorer = new SessionScorer(models, stats);
        this.decisions = decisions;
        Core.getGlobalContext().register(this);
    }

    /**
     * The context of this container for an environment ({@code System.getenv()} on Lambda), built on first use.
     * Handlers of the same environment in one JVM (the local stack) share it, and with it the ORT sessions.
     */
    public static ServingContext shared(Map<String, String> env) {
        Map<String, String> relevant = new java.util.HashMap<>();
        for (String k : ENV_KEYS) {
            if (env.get(k) != null) {
                relevant.put(k, env.get(k));
            }
        }
        return SHARED.computeIfAbsent(Map.copyOf(relevant), ServingContext::fromEnvironment);
    }

    private static ServingContext fromEnvironment(Map<String, String> env) {
        ServingConfig config = ServingConfig.fromEnvironment(env);
        S3Client s3 = S3ClientFactory.fromEnvironment(env);
        Pseudonymiser pseudonymiser = Pseudonymiser.fromEnvironment(env, new SsmParameterLookup());
        RawEventWriter writer = new RawEventWriter(s3, config.bucket(), pseudonymiser);
        return new ServingContext(config, s3, writer::writeDecision, Tracing.lambda());
    }

    public ServingConfig config() {
        return config;
    }

    public S3Client s3() {
        return s3;
    }

    public ModelRegistry models() {
        return models;
    }

    public ItemStatsStore stats() {
        return stats;
    }

    public PolicyStore policies() {
        return policies;
    }

    /** The experiments in force ({@code config/experiments.json}). */
    public ExperimentStore experiments() {
        return experiments;
    }

    /** The recall artefact (loaded on first use). */
    public RecallRegistry recall() {
        return recall;
    }

    /** The container's recommender over the recall artefact and the {@code rerank} model. */
    public LiveRecommender recommender() {
        return recommender;
    }

    public SessionScorer scorer() {
        return scorer;
    }

    /** A predictor over this context's models. */
    public Predictor predictor() {
        return new Predictor(scorer, assigner);
    }

    /** A ranker over this context's item model and stats, recommending from the catalogue through recall. */
    public Ranker ranker() {
        return new Ranker(scorer, new CatalogueRanker(recommender), assigner);
    }

    /** A decider over this context's conversion model, policy and decision writer. */
    public Decider decider(Clock clock) {
        return new Decider(scorer, policies, decisions, clock, assigner);
    }

    /** Adds a warm-up run before a SnapStart checkpoint (must have no side effects beyond caches). */
    public void addWarmup(Runnable warmup) {
        warmups.add(warmup);
    }

    /**
     * Runs the warm-ups now; failures (e.g. no model yet) are logged, never thrown.
     *
     * @return how many warm-ups failed
     */
    public int warm() {
        long started = System.nanoTime();
        int failed = 0;
        for (Runnable w : warmups) {
            try {
                w.run();
            } catch (RuntimeException e) {
                failed++;
                log.warn("warm-up failed").with("reason", e.toString()).log();
            }
        }
        log.info("warmed").with("warmups", warmups.size()).with("failed", failed)
                .with("warm_ms", (System.nanoTime() - started) / 1_000_000).log();
        return failed;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        warm();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        models.checkOnNextRequest();
        stats.checkOnNextRequest();
        policies.checkOnNextRequest();
        experiments.checkOnNextRequest();
        recall.checkOnNextRequest();
    }
}
