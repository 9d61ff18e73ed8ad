package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test handler following the handler contract: echoes what API Gateway sent, plus its environment. */
public final class EchoApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** Instances created, across the JVM: proves one instance per function (cold start once). */
    public static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> env;
    private int calls;

    public EchoApiHandler() {
        this(System.getenv());
    }

    public EchoApiHandler(Map<String, String> env) {
        this.env = env;
        INSTANCES.incrementAndGet();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        calls++;
        ObjectNode o = JSON.createObjectNode();
        o.put("resource", in.getResource());
        o.put("path", in.getPath());
        o.put("method", in.getHttpMethod());
        o.put("body", in.getBody());
        o.put("isBase64Encoded", in.getIsBase64Encoded());
        o.putPOJO("query", in.getQueryStringParameters());
        o.putPOJO("multiQuery", in.getMultiValueQueryStringParameters());
        o.putPOJO("pathParameters", in.getPathParameters());
        o.put("contentType", in.getHeaders() == null ? null : in.getHeaders().get("Content-type"));
        o.put("stage", in.getRequestContext().getStage());
        o.put("requestId", in.getRequestContext().getRequestId());
        o.put("sourceIp", in.getRequestContext().getIdentity().getSourceIp());
        o.put("requestTimeEpoch", in.getRequestContext().getRequestTimeEpoch());
        o.put("functionName", context.getFunctionName());
        o.put("awsRequestId", context.getAwsRequestId());
        o.put("remainingMs", context.getRemainingTimeInMillis());
        o.put("calls", calls);
        o.putPOJO("env", env);
        context.getLogger().log("echo handled a request");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(in.getPath().startsWith("/items/") ? 200 : 201)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Echo", "yes"))
                .withBody(o.toString());
    }
}
