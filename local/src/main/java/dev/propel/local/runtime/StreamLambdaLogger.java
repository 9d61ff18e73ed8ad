package dev.propel.local.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link LambdaLogger} writing each message as one line to the terminal, as CloudWatch would show it. */
final class StreamLambdaLogger implements LambdaLogger {
    private final PrintStream out;

    StreamLambdaLogger(PrintStream out) {
        this.out = out;
    }

    @Override
    public void log(String message) {
        out.println(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
