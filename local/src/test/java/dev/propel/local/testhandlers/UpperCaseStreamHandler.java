package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Test handler following the handler contract: a stream handler that upper-cases its input. */
public final class UpperCaseStreamHandler implements RequestStreamHandler {
    private final Map<String, String> env;

    public UpperCaseStreamHandler() {
        this(System.getenv());
    }

    public UpperCaseStreamHandler(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.contains("fail")) {
            throw new IllegalArgumentException("asked to fail");
        }
        out.write((text.toUpperCase(Locale.ROOT) + env.getOrDefault("SUFFIX", ""))
                .getBytes(StandardCharsets.UTF_8));
    }
}
