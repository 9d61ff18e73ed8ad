package dev.propel.local.stack;

import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.api.ApiGatewayEmulator;
import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.api.RouteTable;
import dev.propel.local.notify.AsyncInvoker;
import dev.propel.local.notify.FailureDestination;
import dev.propel.local.notify.S3NotificationRouter;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.schedule.FunctionScheduler;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import dev.propel.s3.embedded.EmbeddedS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The whole system on one machine, driven by {@code template.yaml}: an S3-compatible store (embedded, or any
 * external endpoint), every function of the template with its own warm/cold state, the API Gateway emulator,
 * S3 notifications to subscribed functions, and the schedules.
 */
public final class LocalStack implements AutoCloseable {
    /** Pause before the first retry of a failed asynchronous event (Lambda waits ~1 min; locally, quick). */
    static final Duration ASYNC_RETRY_DELAY = Duration.ofMillis(200);

    private final LocalStackConfig config;
    private final SamTemplate template;
    private final String bucket;
    private final URI s3Endpoint;
    private final EmbeddedS3 embedded;
    private final S3Client s3;
    private final Map<String, FunctionRuntime> functions;
    private final AsyncInvoker async;
    private final ApiGatewayEmulator api;
    private final FunctionScheduler scheduler;
    private final JsonLog log;

    private LocalStack(LocalStackConfig config, SamTemplate template, String bucket, URI s3Endpoint,
            EmbeddedS3 embedded, S3Client s3, Map<String, FunctionRuntime> functions, AsyncInvoker async,
            ApiGatewayEmulator api, FunctionScheduler scheduler, JsonLog log) {
        this.config = config;
        this.template = template;
        this.bucket = bucket;
        this.s3Endpoint = s3Endpoint;
        this.embedded = embedded;
        this.s3 = s3;
        this.functions = functions;
        this.async = async;
        this.api = api;
        this.scheduler = scheduler;
        this.log = log;
    }

    /** Starts everything; when this returns, {@code endpoints.json} is written and the API answers. */
    public static LocalStack start(LocalStackConfig config) throws IOException {
        JsonLog log = new JsonLog("local-stack", config.out());
        SamTemplate template = new TemplateReader(config.pseudo()).read(config.template());
        String region = config.pseudo().region();
        String bucket = config.bucket() != null ? config.bucket() : templateBucket(template);
        EmbeddedS3 embedded = null;
        URI endpoint;
        S3Client s3;
        if (config.externalS3() == null) {
            try {
                embedded = EmbeddedS3.start(StateFolder.s3Root(config.stateDir()), config.s3Port());
            } catch (IllegalStateException e) {
                throw new IllegalStateException("embedded S3 could not listen on port " + config.s3Port()
                        + " (is another local stack running? use --s3-port): " + e.getMessage(), e);
            }
            endpoint = embedded.endpoint();
            embedded.createBucket(bucket);
            s3 = embedded.client();
        } else {
            endpoint = config.externalS3();
            s3 = S3ClientFactory.forEndpoint(endpoint, region);
            ensureBucket(s3, bucket);
        }
        AsyncInvoker async = new AsyncInvoker(new FailureDestination(FailureDestination.folder(config.stateDir()),
                config.clock(), region, config.pseudo().accountId()), ASYNC_RETRY_DELAY, log);
        ClassLoader loader = LocalStack.class.getClassLoader();
        Map<String, FunctionRuntime> functions = new LinkedHashMap<>();
        for (FunctionDefinition f : template.functions().values()) {
            functions.put(f.logicalId(), new FunctionRuntime(f,
                    FunctionEnvironment.of(f, bucket, endpoint.toString(), region, config.envOverrides()), loader,
                    config.out(), config.clock()));
        }
        List<FunctionRuntime> all = new ArrayList<>(functions.values());
        S3NotificationRouter router = new S3NotificationRouter(bucket, region, all, async,
                (b, k) -> s3.headObject(h -> h.bucket(b).key(k)).contentLength(), log);
        if (embedded != null) {
            embedded.addListener(router);
        } else if (router.hasSubscribers()) {
            log.warn("S3 notifications are not delivered with an external S3 endpoint: invoke the subscribed"
                    + " functions with ./propel invoke, or use the embedded S3").with("s3", endpoint.toString())
                    .log();
        }
        ApiGatewayEmulator api;
        try {
            api = ApiGatewayEmulator.start(config.apiPort(), new RouteTable(template.routes()), functions,
                    config.pseudo().accountId(), apiKeys(config, template), log);
        } catch (BindException e) {
            async.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new IllegalStateException("API port " + config.apiPort() + " is in use (another local stack?"
                    + " use --port)", e);
        }
        FunctionScheduler scheduler = new FunctionScheduler(async, region, config.pseudo().accountId(), log);
        if (config.schedules()) {
            scheduler.start(all, config.scheduleEvery());
        }
        LocalStack stack = new LocalStack(config, template, bucket, endpoint, embedded, s3, functions, async, api,
                scheduler, log);
        stack.endpoints().write(config.stateDir());
        log.info("ready").with("api", api.endpoint().toString()).with("s3", endpoint.toString())
                .with("bucket", bucket).with("functions", functions.size())
                .with("state", config.stateDir().toString()).log();
        return stack;
    }

    /** The keys of keys.json when the template protects any route with one and auth is on, else none. */
    private static LocalApiKeys apiKeys(LocalStackConfig config, SamTemplate template) throws IOException {
        List<String> names = template.routes().stream().map(r -> r.event().apiKey())
                .filter(java.util.Objects::nonNull).distinct().toList();
        if (!config.apiKeys() || names.isEmpty()) {
            return LocalApiKeys.disabled();
        }
        LocalApiKeys keys = LocalApiKeys.loadOrCreate(config.stateDir(), names);
        return config.throttle() == null ? keys : keys.withThrottle(config.throttle());
    }

    private static String templateBucket(SamTemplate template) {
        return template.functions().values().stream()
                .map(f -> f.environment().get(S3ClientFactory.BUCKET_ENV))
                .filter(b -> b != null && !b.isBlank())
                .findFirst().orElse("propel-local");
    }

    private static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** The stack's addresses (what {@code endpoints.json} holds). */
    public Endpoints endpoints() {
        return new Endpoints(api.endpoint().toString(), s3Endpoint.toString(), bucket);
    }

    public URI apiEndpoint() {
        return api.endpoint();
    }

    /** The state folder (embedded S3 data, endpoints.json, keys.json). */
    public java.nio.file.Path stateDirectory() {
        return config.stateDir();
    }

    /** The keys the API checks (disabled with {@code --no-auth} or when the template protects no route). */
    public LocalApiKeys apiKeys() {
        return api.keys();
    }

    /** The key a caller must send in {@code x-api-key} for this request, if the route demands one. */
    public java.util.Optional<String> apiKeyFor(String method, String path) {
        RouteTable.Match match = new RouteTable(template.routes()).match(method, path);
        if (!match.found() || !api.keys().enforced() || match.route().event().apiKey() == null) {
            return java.util.Optional.empty();
        }
        return api.keys().key(match.route().event().apiKey());
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public SamTemplate template() {
        return template;
    }

    /** A new S3 client for the stack's store (the caller closes it). */
    public S3Client newS3Client() {
        return embedded != null ? embedded.client()
                : S3ClientFactory.forEndpoint(s3Endpoint, config.pseudo().region());
    }

    /** A function by logical id. */
    public FunctionRuntime function(String logicalId) {
        FunctionRuntime f = functions.get(logicalId);
        if (f == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in the template (functions: "
                    + String.join(", ", functions.keySet()) + ")");
        }
        return f;
    }

    /** One synchronous invocation (RequestResponse), as {@code ./propel invoke} does. */
    public Invocation invoke(String logicalId, byte[] event) {
        return function(logicalId).invoke(event);
    }

    /** Waits until no notification or scheduled invocation is queued or running. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return async.awaitIdle(timeout);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(config.stateDir().resolve(Endpoints.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            scheduler.close();
            api.close();
            try {
                async.awaitIdle(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            async.close();
            s3.close();
            if (embedded != null) {
                embedded.close();
            }
            log.info("stopped").log();
        }
    }
}
