package dev.propel.local.stack;

import dev.propel.local.api.UsagePlanThrottle;
import dev.propel.local.template.PseudoParameters;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * How to run the local stack.
 *
 * @param template      the SAM template
 * @param stateDir      the state folder (embedded S3 data, endpoints.json)
 * @param apiPort       API Gateway emulator port (3000 like SAM; 0 for ephemeral)
 * @param s3Port        embedded S3 port (4566 by default; 0 for ephemeral)
 * @param externalS3    an S3-compatible endpoint to use instead of the embedded server, or null
 * @param bucket        the bucket, or null for the template's {@code PROPEL_BUCKET}
 * @param schedules     whether to run the template's schedules at all
 * @param scheduleEvery null to follow the schedule expressions, else the interval every schedule runs at
 * @param envOverrides  extra environment for every function ({@code --env KEY=VAL})
 * @param out           the terminal: log lines of the stack and of every invocation
 * @param clock         the time the functions see (receive time, schedules): the system clock, or a fixed one in
 *                      tests so that nothing depends on the date it runs
 * @param apiKeys       whether routes the template protects with API keys demand them (keys.json in the state
 *                      folder); false is {@code --no-auth}
 * @param throttle      the usage plans' per-key throttle, as API Gateway answers 429 past it; null = none (the
 *                      default, so demos and bulk imports run at full speed; {@code --throttle RATE/BURST})
 */
public record LocalStackConfig(Path template, Path stateDir, int apiPort, int s3Port, URI externalS3,
        String bucket, boolean schedules, Duration scheduleEvery, Map<String, String> envOverrides,
        PseudoParameters pseudo, PrintStream out, Clock clock, boolean apiKeys, UsagePlanThrottle throttle) {

    public LocalStackConfig {
        envOverrides = Map.copyOf(envOverrides);
    }

    /** The defaults of {@code ./propel local}: ports 3000 and 4566, schedules on, embedded S3. */
    public static LocalStackConfig defaults(Path template, Path stateDir) {
        return new LocalStackConfig(template, stateDir, 3000, 4566, null, null, true, null, Map.of(),
                PseudoParameters.local(), System.out, Clock.systemUTC(), true, null);
    }

    public LocalStackConfig withPorts(int api, int s3) {
        return new LocalStackConfig(template, stateDir, api, s3, externalS3, bucket, schedules, scheduleEvery,
                envOverrides, pseudo, out, clock, apiKeys, throttle);
    }

    public LocalStackConfig withExternalS3(URI endpoint) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, endpoint, bucket, schedules,
                scheduleEvery, envOverrides, pseudo, out, clock, apiKeys, throttle);
    }

    public LocalStackConfig withBucket(String name) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, name, schedules,
                scheduleEvery, envOverrides, pseudo, out, clock, apiKeys, throttle);
    }

    public LocalStackConfig withSchedules(boolean on, Duration every) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, on, every,
                envOverrides, pseudo, out, clock, apiKeys, throttle);
    }

    public LocalStackConfig withEnv(Map<String, String> env) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, schedules,
                scheduleEvery, env, pseudo, out, clock, apiKeys, throttle);
    }

    public LocalStackConfig withOut(PrintStream stream) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, schedules,
                scheduleEvery, envOverrides, pseudo, stream, clock, apiKeys, throttle);
    }

    public LocalStackConfig withClock(Clock time) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, schedules,
                scheduleEvery, envOverrides, pseudo, out, time, apiKeys, throttle);
    }

    public LocalStackConfig withThrottle(UsagePlanThrottle perKey) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, schedules,
                scheduleEvery, envOverrides, pseudo, out, clock, apiKeys, perKey);
    }

    public LocalStackConfig withApiKeys(boolean on) {
        return new LocalStackConfig(template, stateDir, apiPort, s3Port, externalS3, bucket, schedules,
                scheduleEvery, envOverrides, pseudo, out, clock, on, throttle);
    }
}
