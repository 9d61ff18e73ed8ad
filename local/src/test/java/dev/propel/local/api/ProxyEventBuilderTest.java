package dev.propel.local.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.local.template.ApiEvent;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The emulator's proxy events carry bodies as API Gateway does: base64 when the API's binary media types say so. */
class ProxyEventBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-28T09:15:02Z");
    private static final byte[] JSON_BODY = "{\"model\": \"conversion\", \"note\": \"wörld\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final ProxyEventBuilder builder = new ProxyEventBuilder("Prod", "000000000000", "local");

    private static ProxyEventBuilder.HttpRequest post(String contentType, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        return new ProxyEventBuilder.HttpRequest("POST", "/predict", null, headers, body, "127.0.0.1", "HTTP/1.1",
                "127.0.0.1:3000");
    }

    /** What the handler receives: the event through the Lambda runtime's own serializer. */
    private static APIGatewayProxyRequestEvent asLambdaSeesIt(ObjectNode event) {
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                ProxyEventBuilderTest.class.getClassLoader()).fromJson(event.toString());
    }

    @Test
    void everyBodyIsBase64WhenTheApiTreatsAllMediaTypesAsBinary() {
        ApiEvent route = new ApiEvent("Predict", "POST", "/predict", null, List.of("*/*"));
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "text/plain", null}) {
            APIGatewayProxyRequestEvent e = asLambdaSeesIt(builder.build(post(type, JSON_BODY), route, Map.of(),
                    NOW));
            assertTrue(e.getIsBase64Encoded(), String.valueOf(type));
            assertArrayEquals(JSON_BODY, Base64.getDecoder().decode(e.getBody()), String.valueOf(type));
        }
    }

    @Test
    void textBodiesStayTextOnAnApiWithoutBinaryMediaTypes() {
        ApiEvent route = new ApiEvent("Predict", "POST", "/predict");
        APIGatewayProxyRequestEvent e = asLambdaSeesIt(builder.build(post("application/json", JSON_BODY), route,
                Map.of(), NOW));
        assertFalse(e.getIsBase64Encoded());
        assertEquals(new String(JSON_BODY, StandardCharsets.UTF_8), e.getBody());
    }

    @Test
    void onlyMatchingTypesAreBinaryOnAnApiThatNamesSome() {
        ApiEvent route = new ApiEvent("Predict", "POST", "/predict", null, List.of("image/*", "application/gzip"));
        assertTrue(route.binaryBody("image/png"));
        assertTrue(route.binaryBody("Application/GZIP"));
        assertFalse(route.binaryBody("application/json"));
        assertFalse(route.binaryBody(null));
        APIGatewayProxyRequestEvent e = asLambdaSeesIt(builder.build(post("application/json", JSON_BODY), route,
                Map.of(), NOW));
        assertFalse(e.getIsBase64Encoded());
    }

    @Test
    void theRepositoryTemplateMakesTheEmulatorSendBase64LikeTheDeployedApi() throws Exception {
        Path real = Path.of("../template.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(real), "no template.yaml at the repository root");
        SamTemplate t = new TemplateReader(PseudoParameters.local()).read(real);
        assertFalse(t.routes().isEmpty());
        for (SamTemplate.Route r : t.routes()) {
            assertEquals(List.of("*/*"), r.event().binaryMediaTypes(), r.event().path());
            APIGatewayProxyRequestEvent e = asLambdaSeesIt(builder.build(post("application/json", JSON_BODY),
                    r.event(), Map.of(), NOW));
            assertTrue(e.getIsBase64Encoded(), r.event().path());
        }
    }
}
