package dev.propel.local.template;

import java.util.List;

/**
 * An {@code S3} event of a function: which object events it receives, narrowed by key prefix and suffix rules.
 *
 * @param name   the event's name in the template
 * @param bucket the resolved bucket reference (informational: the local stack has one bucket)
 * @param events event patterns such as {@code s3:ObjectCreated:*}
 * @param prefix key prefix filter, empty for none
 * @param suffix key suffix filter, empty for none
 */
public record S3Subscription(String name, String bucket, List<String> events, String prefix, String suffix) {
    public S3Subscription {
        events = List.copyOf(events);
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    /**
     * Whether an object event of this name (e.g. {@code ObjectCreated:Put}) on this key reaches the function, by
     * the same rules S3 applies: the event name matches one pattern and the key matches the prefix and suffix.
     */
    public boolean matches(String eventName, String key) {
        return key.startsWith(prefix) && key.endsWith(suffix) && matchesEventName(eventName);
    }

    private boolean matchesEventName(String eventName) {
        String full = "s3:" + eventName;
        for (String pattern : events) {
            if (pattern.equals(full)) {
                return true;
            }
            if (pattern.endsWith("*") && full.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
