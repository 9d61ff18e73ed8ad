package dev.propel.functions.http;

/**
 * One API request as the {@link ApiPipeline} hands it to a route.
 *
 * @param requestId    the request id of every answer, log line and stored object: Lambda's invocation id, else API
 *                     Gateway's request id, else a random one
 * @param apiRequestId API Gateway's own request id (its access logs), or null
 * @param method       the HTTP method, or null when the event carries none
 * @param headers      the request headers, looked up case-insensitively
 * @param body         the body and the headers that say how to read it
 */
public record ApiRequest(String requestId, String apiRequestId, String method, RequestHeaders headers,
        HttpBody body) {
}
