package dev.propel.local.testhandlers.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.storage.S3ClientFactory;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Demo-path test handler standing in for the serving functions: answers with the published model version. */
public final class DemoServingHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final S3Client s3;
    private final String bucket;

    public DemoServingHandler() {
        this(System.getenv());
    }

    public DemoServingHandler(Map<String, String> env) {
        this.s3 = S3ClientFactory.fromEnvironment(env);
        this.bucket = env.get(S3ClientFactory.BUCKET_ENV);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        String manifest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("models/conversion/latest.json"))
                .asUtf8String();
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withBody("{\"path\":\"" + in.getPath() + "\",\"manifest\":" + manifest + "}");
    }
}
