package dev.propel.functions.http;

import java.util.List;
import java.util.Map;

/**
 * Case-insensitive header lookup over API Gateway's two header maps: REST APIs keep the client's spelling, HTTP
 * APIs lower-case names, and either may fill only {@code multiValueHeaders}.
 */
public final class RequestHeaders {
    private final Map<String, String> single;
    private final Map<String, List<String>> multi;

    public RequestHeaders(Map<String, String> single, Map<String, List<String>> multi) {
        this.single = single == null ? Map.of() : single;
        this.multi = multi == null ? Map.of() : multi;
    }

    /** The first value of a header, or null. */
    public String get(String name) {
        for (Map.Entry<String, String> h : single.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        for (Map.Entry<String, List<String>> h : multi.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && h.getValue() != null
                    && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }
}
