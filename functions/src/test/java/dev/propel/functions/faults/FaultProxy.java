package dev.propel.functions.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP fault proxy: WireMock forwards every request to the embedded S3 and, at a chosen rate, injects a
 * fault. Before the request reaches S3: a connection reset, a 500 or a 503 {@code SlowDown}. After S3 has done the
 * request (so a write happened but its caller cannot know): an empty answer, a malformed chunked answer, or the
 * real answer held back past the SDK's attempt timeout. Which request gets which fault comes from a seeded random
 * sequence; every fault is counted by kind.
 *
 * <p>A malformed answer starts with {@code 200 OK}, which the SDK accepts for a PUT: sent without doing the write
 * it would fake an S3 that says yes and stores nothing, which S3 never does; so those are sent after the write.
 */
final class FaultProxy implements AutoCloseable {
    static final String DELAY = "delay_after_write";
    // set by the HTTP client itself, or meaningless once WireMock has read the body
    private static final Set<String> UNFORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");
    private static final String[] KINDS = {"connection_reset", "empty_response", "malformed_response", "http_500",
        "http_503_slowdown", DELAY};

    private final WireMockServer server;
    private final Injector injector;

    private FaultProxy(WireMockServer server, Injector injector) {
        this.server = server;
        this.injector = injector;
    }

    /** Starts a proxy to {@code upstream}; {@code delayMillis} must exceed the SDK's attempt timeout. */
    static FaultProxy start(URI upstream, long seed, int delayMillis) {
        Injector injector = new Injector(seed, delayMillis, upstream);
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(injector).gzipDisabled(true).disableRequestJournal().containerThreads(40)
                .jettyStopTimeout(0L));
        server.start();
        // every answer comes from the injector, which forwards to S3 itself
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(599)));
        return new FaultProxy(server, injector);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Share of requests answered with a fault from now on (0 = a healthy S3). */
    void faultRate(double rate) {
        injector.rate = rate;
    }

    /** Faults injected so far, by kind, and their total under {@code "total"}. */
    Map<String, Integer> faults() {
        Map<String, Integer> out = new TreeMap<>();
        int total = 0;
        for (String k : KINDS) {
            int n = injector.counts.getOrDefault(k, new AtomicInteger()).get();
            out.put(k, n);
            total += n;
        }
        out.put("total", total);
        return out;
    }

    long requests() {
        return injector.requests.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Picks the fault of each request (or none) from the seeded sequence. */
    private static final class Injector implements ResponseDefinitionTransformerV2 {
        private final Random random;
        private final int delayMillis;
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final AtomicLong requests = new AtomicLong();
        private final URI upstream;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile double rate;

        Injector(long seed, int delayMillis, URI upstream) {
            this.random = new Random(seed);
            this.delayMillis = delayMillis;
            this.upstream = upstream;
        }

        /**
         * Does the request against S3 and answers S3's answer (here rather than with WireMock's proxying, so a
         * fault can come after the request was done).
         */
        private ResponseDefinition forward(LoggedRequest r) {
            byte[] body = r.getBody();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + r.getUrl()))
                    .method(r.getMethod().getName(), body == null || body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (HttpHeader h : r.getHeaders().all()) {
                if (!UNFORWARDED.contains(h.key().toLowerCase(Locale.ROOT))) {
                    for (String v : h.values()) {
                        b.header(h.key(), v);
                    }
                }
            }
            try {
                HttpResponse<byte[]> a = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                ResponseDefinitionBuilder out = ResponseDefinitionBuilder.responseDefinition().withStatus(a.statusCode())
                        .withBody(a.body());
                a.headers().map().forEach((k, v) -> {
                    if (!UNFORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                        out.withHeader(k, v.toArray(String[]::new));
                    }
                });
                return out.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            requests.incrementAndGet();
            String kind;
            synchronized (random) {
                kind = random.nextDouble() >= rate ? null : KINDS[random.nextInt(KINDS.length)];
            }
            if (kind == null) {
                return forward(serveEvent.getRequest());
            }
            counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            ResponseDefinition answered = kind.equals("empty_response") || kind.equals("malformed_response")
                    || kind.equals(DELAY) ? forward(serveEvent.getRequest()) : null;
            return switch (kind) {
                case "connection_reset" -> fault(Fault.CONNECTION_RESET_BY_PEER);
                case "empty_response" -> fault(Fault.EMPTY_RESPONSE);
                case "malformed_response" -> fault(Fault.MALFORMED_RESPONSE_CHUNK);
                case "http_500" -> error(500, "InternalError", "We encountered an internal error.");
                case "http_503_slowdown" -> error(503, "SlowDown", "Please reduce your request rate.");
                default -> ResponseDefinitionBuilder.like(answered).withFixedDelay(delayMillis).build();
            };
        }

        private static ResponseDefinition fault(Fault f) {
            return ResponseDefinitionBuilder.responseDefinition().withFault(f).build();
        }

        private static ResponseDefinition error(int status, String code, String message) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/xml")
                    .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                            + message + "</Message><RequestId>FAULT</RequestId></Error>").build();
        }

        @Override
        public String getName() {
            return "propel-fault-injector";
        }
    }
}
