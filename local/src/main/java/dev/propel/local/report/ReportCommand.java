package dev.propel.local.report;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.report.GrowthReport;
import dev.propel.functions.report.ReportRange;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.stack.Endpoints;
import dev.propel.local.stack.LocalBucket;
import dev.propel.local.stack.StateFolder;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./propel report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out DIR]}: the growth report of the local
 * stack's bucket, built by the same code as {@code GrowthReportFunction}, published to {@code reports/growth/} in
 * the bucket (so {@code /report} serves it) and written to {@code DIR/index.html}. The bucket is found as
 * {@code ./propel invoke} finds it: the running stack's S3 from {@code endpoints.json} when it answers, else an
 * embedded S3 over the state folder for the duration of the command.
 */
@Command(name = "report", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = {"the growth report of the local stack's data as one HTML page",
                "the growth report of the local stack's bucket as one HTML page, "
        + "DIR/index.html (default DIR: <state>/report); the range defaults to the four weeks ending on the newest "
        + "day with stats (also served at http://127.0.0.1:3000/report by ./propel local)"})
public final class ReportCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day")
    private LocalDate from;
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day")
    private LocalDate to;
    @Option(names = "--out", paramLabel = "DIR", description = "where index.html goes (default: <state>/report)")
    private Path outOption;
    @Mixin
    private StateOptions stateOptions;

    /** The command; {@code clock} stamps the page and stands for "today" when there are no stats. */
    public ReportCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The command on the system clock. */
    public ReportCommand(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    /** Runs the command; {@code clock} stamps the page and stands for "today" when there are no stats. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        return PropelCommandLine.of(new ReportCommand(out, err, clock), "./propel report", out, err).execute(args);
    }

    @Override
    public Integer call() {
        try {
            return report();
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel report: " + e.getMessage());
            return 2;
        }
    }

    private int report() throws IOException {
        Path stateDir = LocalBucket.stateDir(stateOptions.state());
        Path outDir = (outOption != null ? outOption : stateDir.resolve("report")).toAbsolutePath();
        PseudoParameters pseudo = PseudoParameters.local();
        String templateBucket = templateBucket(stateOptions.template(), pseudo);
        if (!Files.isDirectory(StateFolder.s3Root(stateDir)) && Endpoints.read(stateDir).isEmpty()) {
            throw new IllegalArgumentException("no local stack state at " + stateDir
                    + ": run ./propel demo or ./propel local first (or pass --state DIR)");
        }
        try (LocalBucket local = LocalBucket.open(stateDir, templateBucket, pseudo.region());
             S3Client s3 = local.newClient()) {
            Optional<Endpoints> running = local.runningStack();
            running.ifPresent(r -> err.println("propel report: using the running local stack's S3 at " + r.s3()));
            String bucket = local.bucket();
            GrowthReport report = new GrowthReport(s3, bucket, clock);
            ReportRange range = range(from, to, report, clock);
            GrowthReport.Published p = report.publish(range);
            Files.createDirectories(outDir);
            Path page = outDir.resolve("index.html");
            Files.writeString(page, p.html(), StandardCharsets.UTF_8);
            out.println("growth report " + range.from() + " to " + range.to() + ": " + p.data().days().size()
                    + " of " + range.length() + " days with stats, " + p.data().models().size()
                    + " model versions, " + p.data().decisions().size() + " decision groups");
            out.println("  " + page);
            out.println("  s3://" + bucket + "/" + p.key() + (running.isPresent()
                    ? ", served at " + running.get().api() + "/report" : ""));
            return 0;
        }
    }

    /**
     * The range asked for; without {@code --to}, the report ends on the newest day with stats (a local stack's
     * days are often simulated ones, not yesterday), else yesterday.
     */
    static ReportRange range(LocalDate from, LocalDate to, GrowthReport report, Clock clock) {
        LocalDate end = to != null ? to : report.latestStatsDay()
                .orElse(clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1));
        if (from == null) {
            return ReportRange.ending(end);
        }
        if (end.isBefore(from) && to == null) {
            end = from;
        }
        return new ReportRange(from, end);
    }

    /** The bucket the template's functions use (as the local stack resolves it), or the stack's default. */
    public static String templateBucket(Path template, PseudoParameters pseudo) throws IOException {
        if (!Files.isRegularFile(template)) {
            return "propel-local";
        }
        SamTemplate t = new TemplateReader(pseudo).read(template);
        for (FunctionDefinition f : t.functions().values()) {
            String b = f.environment().get(S3ClientFactory.BUCKET_ENV);
            if (b != null && !b.isBlank()) {
                return b;
            }
        }
        return "propel-local";
    }
}
