package dev.propel.local.template;

import java.util.Locale;

/**
 * An {@code Api} (or {@code HttpApi}) event of a function: the route API Gateway sends to it.
 *
 * @param name   the event's name in the template
 * @param method upper-case HTTP method, or {@code ANY}
 * @param path   the resource path, possibly with {@code {param}} or {@code {proxy+}} segments
 * @param apiKey the name of the local key this route demands in {@code x-api-key} (the API's
 *               {@code Metadata.PropelLocalKey}, else {@value #DEFAULT_KEY}), or null when the template requires none
 */
public record ApiEvent(String name, String method, String path, String apiKey) {
    /** The key name of a key-protected API that names none. */
    public static final String DEFAULT_KEY = "api_key";

    public ApiEvent {
        method = method == null || method.isBlank() ? "ANY" : method.toUpperCase(Locale.ROOT);
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            method = "ANY";
        }
        path = path == null || path.isBlank() ? "/" : path;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    /** A route that requires no key. */
    public ApiEvent(String name, String method, String path) {
        this(name, method, path, null);
    }

    /** Whether a caller must send a valid {@code x-api-key}. */
    public boolean apiKeyRequired() {
        return apiKey != null;
    }
}
