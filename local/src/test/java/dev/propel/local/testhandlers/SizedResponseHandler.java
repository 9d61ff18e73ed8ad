package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;

/** Test handler answering a JSON string of {@code ?bytes=} characters: a response of a chosen size. */
public final class SizedResponseHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    public SizedResponseHandler(Map<String, String> env) {
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        int bytes = Integer.parseInt(in.getQueryStringParameters().get("bytes"));
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("\"" + "x".repeat(bytes) + "\"");
    }
}
