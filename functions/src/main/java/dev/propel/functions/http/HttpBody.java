package dev.propel.functions.http;

/**
 * A request body as API Gateway hands it over, with the headers that say how to read it.
 *
 * @param body            the body text; base64 of the bytes when {@code base64Encoded}
 * @param base64Encoded   API Gateway's {@code isBase64Encoded}
 * @param contentType     the {@code Content-Type} header, or null
 * @param contentEncoding the {@code Content-Encoding} header, or null
 */
public record HttpBody(String body, boolean base64Encoded, String contentType, String contentEncoding) {
}
