package dev.propel.bench.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.serving.PredictHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A serving cold start, run in a fresh JVM: the predict handler's Lambda init (S3 client, manifest, model GET, ORT
 * session) then one {@code /predict} request. Prints {@code done <status>} when the answer is out.
 */
public final class ColdStartServe {
    private ColdStartServe() {
    }

    /** Arguments: S3 endpoint, bucket, file holding the request body. */
    public static void main(String[] args) throws IOException {
        PredictHandler handler = new PredictHandler(Map.of(S3ClientFactory.ENDPOINT_ENV, args[0],
                S3ClientFactory.BUCKET_ENV, args[1]));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/predict").withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Files.readString(Path.of(args[2])));
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        System.out.println("done " + response.getStatusCode());
        System.out.flush();
        System.exit(response.getStatusCode() == 200 ? 0 : 1);
    }
}
