package dev.propel.local.template;

/**
 * A {@code Schedule} (EventBridge) event of a function.
 *
 * @param name       the event's name in the template
 * @param expression {@code rate(...)} or {@code cron(...)}
 * @param enabled    false when the template disables it
 * @param input      the constant JSON input the template gives, or null for the standard scheduled event
 */
public record ScheduleEvent(String name, String expression, boolean enabled, String input) {
}
