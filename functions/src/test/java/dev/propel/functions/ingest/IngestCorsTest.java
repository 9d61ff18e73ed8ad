package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.http.CorsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS of POST /events: only listed origins are echoed, preflights are answered without touching storage. */
class IngestCorsTest {
    private static final String SHOP = "https://shop.example.com";

    private static IngestHandler handler(String origins) {
        // no writer: a preflight or a malformed body must never reach storage
        IngestService service = new IngestService(IngestLimits.DEFAULT, null,
                java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T10:00:00Z"), java.time.ZoneOffset.UTC));
        CorsPolicy cors = CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ENV, origins));
        return new IngestHandler(service, new JsonLog("IngestFunction",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), cors);
    }

    private static APIGatewayProxyRequestEvent request(String method, String origin, String body) {
        APIGatewayProxyRequestEvent r = ApiGatewayEvents.post(body, false, origin == null ? Map.of()
                : Map.of("Origin", origin));
        r.setHttpMethod(method);
        return r;
    }

    @Test
    void aListedOriginGetsThePreflightAndItsOriginBack() {
        APIGatewayProxyResponseEvent r = handler(SHOP + "/, https://www.example.com")
                .handleRequest(request("OPTIONS", SHOP, null), null);
        assertEquals(204, r.getStatusCode());
        assertEquals(SHOP, r.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("Content-Type, Content-Encoding, X-Api-Key", r.getHeaders().get("Access-Control-Allow-Headers"));
        assertEquals("Origin", r.getHeaders().get("Vary"));

        APIGatewayProxyResponseEvent post = handler(SHOP).handleRequest(request("POST", SHOP, "not json"), null);
        assertEquals(400, post.getStatusCode(), post.getBody());
        assertEquals(SHOP, post.getHeaders().get("Access-Control-Allow-Origin"), "errors are readable too");
    }

    @Test
    void anUnlistedOriginIsNotEchoed() {
        APIGatewayProxyResponseEvent pre = handler(SHOP).handleRequest(
                request("OPTIONS", "https://evil.example", null), null);
        assertEquals(403, pre.getStatusCode());
        assertNull(pre.getHeaders().get("Access-Control-Allow-Origin"));
        APIGatewayProxyResponseEvent post = handler("").handleRequest(request("POST", SHOP, "not json"), null);
        assertFalse(post.getHeaders().containsKey("Access-Control-Allow-Origin"));
    }

    @Test
    void aWildcardAnswersStar() {
        APIGatewayProxyResponseEvent r = handler("*").handleRequest(request("OPTIONS", SHOP, null), null);
        assertEquals(204, r.getStatusCode());
        assertEquals("*", r.getHeaders().get("Access-Control-Allow-Origin"));
    }
}
