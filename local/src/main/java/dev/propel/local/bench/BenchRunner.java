package dev.propel.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.stack.StateFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./propel bench}: runs the registered {@link BenchmarkSuite}s, prints one table (figure, value, anchor,
 * ratio, target) and writes it as JSON to {@code .propel/bench/bench-<time>.json} and
 * {@code .propel/bench/latest.json}; {@code --markdown} also prints the table for the README.
 */
@Command(name = "bench", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        description = "the benchmark suite")
public final class BenchRunner implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Supplier<List<BenchmarkSuite>> registered;
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--only", paramLabel = "SUITE", description = "run only this suite (repeatable)")
    private List<String> only = new ArrayList<>();
    @Option(names = "--quick", description = "smaller runs, for a quick look")
    private boolean quick;
    @Option(names = "--list", description = "list the suites")
    private boolean list;
    @Option(names = "--markdown", description = "also print the table for the README")
    private boolean markdown;
    @Option(names = "--state", paramLabel = "DIR", description = "state folder; results go to DIR/bench/ "
            + "(default: $PROPEL_HOME, else .propel/)")
    private Path state;

    private BenchRunner(Supplier<List<BenchmarkSuite>> registered, PrintStream out, PrintStream err) {
        this.registered = registered;
        this.out = out;
        this.err = err;
    }

    /** The command over the suites registered with {@link ServiceLoader}, loaded only when it runs. */
    public static BenchRunner standard(PrintStream out, PrintStream err) {
        return new BenchRunner(() -> ServiceLoader.load(BenchmarkSuite.class).stream()
                .map(ServiceLoader.Provider::get).toList(), out, err);
    }

    static int run(String[] args, List<BenchmarkSuite> suites, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new BenchRunner(() -> suites, out, err), "./propel bench", out, err)
                .execute(args);
    }

    @Override
    public Integer call() {
        List<BenchmarkSuite> suites = registered.get();
        if (suites.isEmpty()) {
            err.println("propel bench: no benchmark suite is registered yet (the bench module registers them in"
                    + " META-INF/services/" + BenchmarkSuite.class.getName() + ")");
            return 3;
        }
        if (list) {
            suites.forEach(s -> out.println(s.name()));
            return 0;
        }
        for (String name : only) {
            if (suites.stream().noneMatch(s -> s.name().equals(name))) {
                err.println("propel bench: no suite named '" + name + "' (--list shows them)");
                return 2;
            }
        }
        Path benchDir = (state != null ? state : StateFolder.resolve(System.getenv(), Path.of("")))
                .toAbsolutePath().resolve("bench");
        List<BenchFigure> figures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (BenchmarkSuite suite : suites) {
            if (!only.isEmpty() && !only.contains(suite.name())) {
                continue;
            }
            err.println("propel bench: running " + suite.name() + " …");
            try {
                Path work = benchDir.resolve("work").resolve(suite.name());
                Files.createDirectories(work);
                figures.addAll(suite.run(new BenchContext(work, quick, err)));
            } catch (Exception e) {
                failed.add(suite.name());
                err.println("propel bench: suite " + suite.name() + " failed: " + e);
            }
        }
        Instant now = Instant.now();
        out.print(table(figures));
        if (markdown) {
            out.println();
            out.print(markdown(figures, now));
        }
        try {
            Path written = write(benchDir, figures, failed, now);
            err.println("propel bench: written to " + written);
        } catch (IOException e) {
            err.println("propel bench: could not write results: " + e.getMessage());
            return 1;
        }
        return failed.isEmpty() ? 0 : 1;
    }

    /** The terminal table. */
    static String table(List<BenchFigure> figures) {
        StringBuilder b = new StringBuilder();
        String format = "%-14s %-44s %14s  %-28s %8s  %-8s %s%n";
        b.append(String.format(format, "suite", "figure", "value", "anchor", "ratio", "target", "met"));
        for (BenchFigure f : figures) {
            b.append(String.format(format, f.suite(), f.figure(), number(f.value()) + " " + f.unit(),
                    anchor(f), Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.2fx", f.ratio()),
                    f.target(), f.met() ? "yes" : "NO"));
        }
        return b.toString();
    }

    /** The README table, with the date and the machine. */
    static String markdown(List<BenchFigure> figures, Instant when) {
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(when))
                .append(" on ").append(Machine.describe()).append(".\n\n");
        b.append("| figure | value | anchor | ratio | target | met |\n|---|---|---|---|---|---|\n");
        for (BenchFigure f : figures) {
            b.append("| ").append(f.figure()).append(" | ").append(number(f.value())).append(' ')
                    .append(f.unit()).append(" | ").append(anchor(f)).append(" | ")
                    .append(Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.2fx", f.ratio()))
                    .append(" | ").append(f.target()).append(" | ").append(f.met() ? "yes" : "no").append(" |\n");
        }
        return b.toString();
    }

    private static String anchor(BenchFigure f) {
        if (f.anchor() == null || f.anchor().isEmpty()) {
            return "";
        }
        return Double.isNaN(f.anchorValue()) ? f.anchor() : f.anchor() + " " + number(f.anchorValue());
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static Path write(Path benchDir, List<BenchFigure> figures, List<String> failed, Instant when)
            throws IOException {
        Files.createDirectories(benchDir);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("date", when.toString());
        doc.put("machine", Machine.describe());
        ArrayNode list = doc.putArray("figures");
        for (BenchFigure f : figures) {
            ObjectNode n = list.addObject();
            n.put("suite", f.suite());
            n.put("figure", f.figure());
            n.put("value", f.value());
            n.put("unit", f.unit());
            n.put("anchor", f.anchor());
            if (!Double.isNaN(f.anchorValue())) {
                n.put("anchor_value", f.anchorValue());
            }
            if (!Double.isNaN(f.ratio())) {
                n.put("ratio", f.ratio());
            }
            n.put("target", f.target());
            n.put("met", f.met());
        }
        failed.forEach(doc.putArray("failed_suites")::add);
        byte[] bytes = JSON.writeValueAsBytes(doc);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(when);
        Path file = benchDir.resolve("bench-" + stamp + ".json");
        Files.write(file, bytes);
        Files.write(benchDir.resolve("latest.json"), bytes);
        return file;
    }
}
