package dev.propel.local.template;

import java.util.List;
import java.util.Locale;

/**
 * An {@code Api} (or {@code HttpApi}) event of a function: the route API Gateway sends to it.
 *
 * @param name   the event's name in the template
 * @param method upper-case HTTP method, or {@code ANY}
 * @param path   the resource path, possibly with {@code {param}} or {@code {proxy+}} segments
 * @param apiKey the name of the local key this route demands in {@code x-api-key} (the API's
 *               {@code Metadata.PropelLocalKey}, else {@value #DEFAULT_KEY}), or null when the template requires none
 * @param binaryMediaTypes the API's {@code BinaryMediaTypes} (else {@code Globals.Api}'s), {@code ~1} decoded to
 *               {@code /}: request bodies of these types reach the function base64-encoded
 */
public record ApiEvent(String name, String method, String path, String apiKey, List<String> binaryMediaTypes) {
    /** The key name of a key-protected API that names none. */
    public static final String DEFAULT_KEY = "api_key";

    public ApiEvent {
        method = method == null || method.isBlank() ? "ANY" : method.toUpperCase(Locale.ROOT);
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            method = "ANY";
        }
        path = path == null || path.isBlank() ? "/" : path;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        binaryMediaTypes = binaryMediaTypes == null ? List.of() : List.copyOf(binaryMediaTypes);
    }

    /** A route on an API without binary media types. */
    public ApiEvent(String name, String method, String path, String apiKey) {
        this(name, method, path, apiKey, List.of());
    }

    /** A route that requires no key, on an API without binary media types. */
    public ApiEvent(String name, String method, String path) {
        this(name, method, path, null);
    }

    /**
     * Whether API Gateway passes a body of this {@code Content-Type} (null when the request has none) base64-encoded:
     * it matches a binary media type, {@code *}{@code /*} matching every body.
     */
    public boolean binaryBody(String contentType) {
        String type = contentType == null ? null
                : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (String binary : binaryMediaTypes) {
            String b = binary.trim().toLowerCase(Locale.ROOT);
            if (b.equals("*/*") || b.equals(type)
                    || (type != null && b.endsWith("/*") && type.startsWith(b.substring(0, b.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a caller must send a valid {@code x-api-key}. */
    public boolean apiKeyRequired() {
        return apiKey != null;
    }
}
