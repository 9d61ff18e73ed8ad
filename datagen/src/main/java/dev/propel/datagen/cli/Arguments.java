package dev.propel.datagen.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed command line of a subcommand: {@code --name value}, {@code --name=value}, flags and operands. */
final class Arguments {
    private final Map<String, String> values = new HashMap<>();
    private final List<String> operands = new ArrayList<>();

    /** Raised for a usage mistake; the message is meant for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Arguments() {
    }

    static Arguments parse(String[] args, Set<String> valued, Set<String> flags) throws UsageException {
        Arguments a = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                a.operands.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                a.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                a.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return a;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be within [" + min + ", " + max + "], was " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, was '" + v + "'");
        }
    }

    long getLong(String name, long fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, was '" + v + "'");
        }
    }

    double getRate(String name, double fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double r = Double.parseDouble(v);
            if (!(r >= 0 && r <= 1)) {
                throw new UsageException("--" + name + " must be within [0, 1], was " + v);
            }
            return r;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number within [0, 1], was '" + v + "'");
        }
    }

    /** An http(s) URL option, or null when absent. */
    java.net.URI getUrl(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(v);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--" + name + " must be an http(s) URL such as http://127.0.0.1:3000, was '"
                        + v + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--" + name + " is not a URL: '" + v + "'");
        }
    }

    List<String> operands() {
        return operands;
    }
}
