package dev.propel.functions.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.log.JsonLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Hands days too big for one Lambda over to the Spark job: a day whose clean input (the gzip bytes the build would
 * read, look-back, look-ahead and late days included) is over {@value #THRESHOLD_ENV}, and every requested day after
 * it (they are built on its stats), are not built here; the answer and a log line say so, and with
 * {@value #STATE_MACHINE_ENV} set an execution of the Spark state machine is started for that range.
 */
public final class SparkHandover {
    /** Clean gzip bytes of a day's read range above which the day goes to Spark; unset or 0: never. */
    public static final String THRESHOLD_ENV = "PROPEL_SPARK_HANDOVER_BYTES";
    /** The state machine that runs the Spark job for {@code {"from", "to", "late_days"}}; unset: log and answer only. */
    public static final String STATE_MACHINE_ENV = "PROPEL_SPARK_STATE_MACHINE_ARN";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request split in two: what this Lambda builds, and what goes to Spark (null when nothing does). */
    record Split(BuildRequest lambda, BuildRequest spark, long cleanBytes) {
    }

    private final CleanEventReader reader;
    private final BuildSettings settings;
    private final long threshold;
    private final String stateMachine;
    private final UnaryOperator<String> startExecution;

    /**
     * @param startExecution starts the state machine with an input JSON and answers the execution ARN (null: none)
     */
    SparkHandover(CleanEventReader reader, BuildSettings settings, long threshold, String stateMachine,
            UnaryOperator<String> startExecution) {
        this.reader = reader;
        this.settings = settings;
        this.threshold = threshold;
        this.stateMachine = stateMachine;
        this.startExecution = startExecution;
    }

    /** No handover: every day is built by the Lambda (tests and the default). */
    static SparkHandover off() {
        return new SparkHandover(null, BuildSettings.defaults(), 0, null, null);
    }

    /** From the function's environment; a threshold that is not a whole number is refused at cold start. */
    static SparkHandover fromEnvironment(Map<String, String> env, S3Client s3, String bucket) {
        String t = env.get(THRESHOLD_ENV);
        long threshold;
        try {
            threshold = t == null || t.isBlank() ? 0 : Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(THRESHOLD_ENV + " must be a whole number of bytes, got '" + t + "'");
        }
        String arn = env.get(STATE_MACHINE_ENV);
        UnaryOperator<String> start = null;
        if (threshold > 0 && arn != null && !arn.isBlank()) {
            start = input -> {
                try (SfnClient sfn = SfnClient.create()) {
                    return sfn.startExecution(b -> b.stateMachineArn(arn).input(input)).executionArn();
                }
            };
        }
        return new SparkHandover(new CleanEventReader(s3, bucket), BuildSettings.defaults(), threshold, arn, start);
    }

    /** Splits at the first day whose clean input is over the threshold. */
    Split split(BuildRequest request) {
        if (threshold <= 0 || request.days().isEmpty()) {
            return new Split(request, null, 0);
        }
        List<LocalDate> days = request.days();
        for (int i = 0; i < days.size(); i++) {
            Instant[] range = DayChain.cleanRange(settings, days.get(i), request.lateDays());
            long bytes = 0;
            for (S3Object o : reader.objects(range[0], range[1])) {
                bytes += o.size();
            }
            if (bytes > threshold) {
                return new Split(new BuildRequest(List.copyOf(days.subList(0, i)), request.lateDays()),
                        new BuildRequest(List.copyOf(days.subList(i, days.size())), request.lateDays()), bytes);
            }
        }
        return new Split(request, null, 0);
    }

    /** Starts the Spark run of the handed-over days (when a state machine is configured); logs and answers it. */
    Map<String, Object> handOver(Split split, JsonLog log, String requestId) {
        List<LocalDate> days = split.spark().days();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("from", days.get(0).toString());
        input.put("to", days.get(days.size() - 1).toString());
        input.put("late_days", split.spark().lateDays());
        String execution = null;
        if (startExecution != null) {
            try {
                execution = startExecution.apply(JSON.writeValueAsString(input));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(input);
        out.put("engine", "spark");
        out.put("clean_bytes", split.cleanBytes());
        out.put("threshold_bytes", threshold);
        out.put("state_machine", stateMachine);
        out.put("execution", execution);
        if (execution == null) {
            out.put("run", "./propel datasets --engine spark --from " + input.get("from") + " --to " + input.get("to")
                    + " (or start the Spark state machine with this input)");
        }
        var line = log.warn("days handed over to Spark").with("request_id", requestId);
        out.forEach(line::with);
        line.log();
        return out;
    }
}
