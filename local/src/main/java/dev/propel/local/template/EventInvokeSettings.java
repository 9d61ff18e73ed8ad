package dev.propel.local.template;

/**
 * A function's {@code EventInvokeConfig} for asynchronous invocations (S3 notifications, schedules): how many
 * times Lambda retries a failed event, and where the event goes when the retries are exhausted.
 *
 * @param maximumRetryAttempts retries after the first attempt, 0 to 2 (Lambda's default is 2)
 * @param onFailure            logical id of the on-failure destination (an SQS queue, SNS topic, ...), or null
 *                             when the template has none: Lambda then drops the event
 */
public record EventInvokeSettings(int maximumRetryAttempts, String onFailure) {
    /** Lambda's behaviour when the template says nothing: two retries, no destination. */
    public static final EventInvokeSettings DEFAULT = new EventInvokeSettings(2, null);

    public EventInvokeSettings {
        if (maximumRetryAttempts < 0 || maximumRetryAttempts > 2) {
            throw new IllegalArgumentException("MaximumRetryAttempts must be 0, 1 or 2, got " + maximumRetryAttempts);
        }
    }
}
