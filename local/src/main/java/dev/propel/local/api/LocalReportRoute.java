package dev.propel.local.api;

import com.sun.net.httpserver.HttpExchange;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.report.GrowthReport;
import dev.propel.functions.report.GrowthReportHandler;
import dev.propel.local.runtime.FunctionRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /report} on the local stack only: the growth report {@code reports/growth/latest.json} points at,
 * straight from the stack's bucket. Not a template route (a deployed stack serves its reports from S3, not through
 * the API), so it answers only where no template route matches. The bucket and endpoint are those the stack gives
 * its functions: the report function's environment, or any function's when the template has none.
 */
final class LocalReportRoute implements AutoCloseable {
    static final String PATH = "/report";
    private static final String NONE_YET = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>No growth report yet</title></head><body><h1>No growth report yet</h1><p>Run "
            + "<code>./propel report</code> (or <code>./propel demo</code>), or wait for the daily "
            + "<code>GrowthReportFunction</code>; this page then shows the latest report.</p></body></html>\n";

    private final Map<String, String> env;
    private S3Client s3;

    private LocalReportRoute(Map<String, String> env) {
        this.env = env;
    }

    /** The route over the stack's bucket, if any function has one. */
    static Optional<LocalReportRoute> of(Map<String, FunctionRuntime> functions) {
        Optional<Map<String, String>> env = functions.values().stream()
                .filter(f -> f.definition().handlerClass().equals(GrowthReportHandler.class.getName()))
                .map(FunctionRuntime::environment).findFirst()
                .or(() -> functions.values().stream().map(FunctionRuntime::environment)
                        .filter(e -> e.get(S3ClientFactory.BUCKET_ENV) != null).findFirst());
        return env.map(LocalReportRoute::new);
    }

    /** Whether this route takes the request. */
    static boolean matches(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD")) && (path.equals(PATH) || path.equals(PATH + "/"));
    }

    /** Answers with the latest report (200), a page saying there is none yet (404), or 503 when S3 fails. */
    void serve(HttpExchange exchange) throws IOException {
        int status;
        String body;
        try {
            Optional<String> page = GrowthReport.latestPage(client(), env.get(S3ClientFactory.BUCKET_ENV));
            status = page.isPresent() ? 200 : 404;
            body = page.orElse(NONE_YET);
        } catch (RuntimeException e) {
            status = 503;
            body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Report unavailable</title>"
                    + "</head><body><p>The stack's S3 could not be read: " + escape(String.valueOf(e.getMessage()))
                    + "</p></body></html>\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private synchronized S3Client client() {
        if (s3 == null) {
            s3 = S3ClientFactory.fromEnvironment(env);
        }
        return s3;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
