package dev.propel.local.template;

import java.util.Locale;

/**
 * An {@code Api} (or {@code HttpApi}) event of a function: the route API Gateway sends to it.
 *
 * @param name   the event's name in the template
 * @param method upper-case HTTP method, or {@code ANY}
 * @param path   the resource path, possibly with {@code {param}} or {@code {proxy+}} segments
 */
public record ApiEvent(String name, String method, String path) {
    public ApiEvent {
        method = method == null || method.isBlank() ? "ANY" : method.toUpperCase(Locale.ROOT);
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            method = "ANY";
        }
        path = path == null || path.isBlank() ? "/" : path;
    }
}
