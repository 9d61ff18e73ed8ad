package dev.propel.local.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value}, {@code --name=value}, repeatable {@code --env K=V},
 * flags, and positional arguments. Unknown options are an error naming the option.
 */
public final class CommandLineOptions {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLineOptions() {
    }

    /**
     * Parses arguments.
     *
     * @param withValue options that take a value (e.g. {@code --port}, {@code -e})
     * @param flags     options without a value
     */
    public static CommandLineOptions parse(String[] args, Set<String> withValue, Set<String> flags) {
        CommandLineOptions o = new CommandLineOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-") && !a.equals("-")) {
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (flags.contains(name)) {
                    o.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (withValue.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option " + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new IllegalArgumentException("unknown option " + name);
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    public String value(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    /** Every value given to a repeatable option, in order (empty when it was not given). */
    public List<String> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    public int intValue(String name, int fallback) {
        String v = value(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs a whole number, got '" + v + "'", e);
        }
    }

    /** The option as a date {@code YYYY-MM-DD}, or null when it is absent. */
    public java.time.LocalDate dateValue(String name) {
        String v = value(name, null);
        if (v == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("option " + name + " needs a date YYYY-MM-DD, got '" + v + "'", e);
        }
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The {@code KEY=VAL} pairs given with a repeatable option such as {@code --env}. */
    public Map<String, String> pairs(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : values.getOrDefault(name, List.of())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option " + name + " needs KEY=VALUE, got '" + kv + "'");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    public List<String> positional() {
        return positional;
    }
}
