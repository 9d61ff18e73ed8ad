package dev.propel.datagen.cli;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.datagen.importer.EventLogImporter;
import dev.propel.datagen.importer.ImportFormat;
import dev.propel.datagen.importer.ImportReport;
import dev.propel.datagen.output.DeliveryWriter;
import dev.propel.datagen.output.IngestApiSender;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./propel import}: converts public event logs into Propel events (a JSON lines file and/or the API). */
@Command(name = "import", synopsisHeading = "usage: ", sortOptions = false, usageHelpWidth = 110,
        description = {"convert a public event log to Propel events",
                "Converts public e-commerce event logs to Propel events (DESIGN §2) with stable event ids, so "
                + "that importing a file twice deduplicates. Bad rows are counted and listed with their line numbers."},
        footer = "Input files may be gzip-compressed (.gz).")
public final class ImportCommand implements Callable<Integer> {
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--format", paramLabel = "F", required = true,
            description = "the input format: rees46|otto|diginetica|retailrocket|tianchi (docs/importers.md "
                    + "describes each mapping)")
    private String formatName;
    @Option(names = "--out", paramLabel = "FILE",
            description = "Propel events as JSON lines; .gz compresses; - is stdout")
    private Path outPath;
    @Option(names = "--api", paramLabel = "URL", description = {"POST the events to a Propel ingest API, e.g. "
            + "http://127.0.0.1:3000", "(with $PROPEL_WRITE_KEY as x-api-key when set)"})
    private URI api;
    @Option(names = "--batch", paramLabel = "N", description = "events per request with --api (1..500, default 500)")
    private Integer batchOption;
    @Option(names = "--show", paramLabel = "N", description = "rejected rows to list per file (default 10)")
    private Integer showOption;
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "event logs to convert")
    private List<String> files;

    /** The command reporting to {@code err}, since standard output may carry the events. */
    public ImportCommand(PrintStream err) {
        this.err = err;
    }

    /** Runs the command with stdout/stderr; returns the exit code (0 ok, 1 a file failed, 2 usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command; reports go to {@code err} because {@code out} may carry the events. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return OptionChecks.commandLine(new ImportCommand(err), "./propel import", out, err).execute(args);
    }

    @Override
    public Integer call() {
        ImportFormat format;
        try {
            format = ImportFormat.of(formatName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
        if (outPath == null && api == null) {
            throw new ParameterException(spec.commandLine(), "give --out FILE or --api URL");
        }
        OptionChecks.httpUrl(spec, "--api", api);
        int batch = OptionChecks.within(spec, "--batch", batchOption, IngestApiSender.MAX_BATCH, 1,
                IngestApiSender.MAX_BATCH);
        int show = OptionChecks.within(spec, "--show", showOption, 10, 0, ImportReport.KEPT_REJECTIONS);
        int exit = 0;
        long totalImported = 0;
        long totalRejected = 0;
        IngestApiSender sender = api == null ? null : new IngestApiSender(api, batch);
        try (DeliveryWriter writer = outPath == null ? null : DeliveryWriter.open(outPath)) {
            Consumer<BehaviourEvent> sink = e -> {
                if (writer != null) {
                    writer.write(e);
                }
                if (sender != null) {
                    sender.add(EventJson.toJson(e));
                }
            };
            for (String name : files) {
                EventLogImporter importer = format.importer();
                ImportReport report;
                try {
                    report = importer.importFile(Path.of(name), sink);
                } catch (IOException e) {
                    err.println("propel import: " + name + ": " + describe(e));
                    exit = 1;
                    continue;
                }
                totalImported += report.imported();
                totalRejected += report.rejected();
                err.printf(Locale.ROOT, "%s (%s): %,d records, %,d imported, %,d rejected%n", name, format.id(),
                        report.records(), report.imported(), report.rejected());
                for (ImportReport.Rejection r : report.rejections().subList(0,
                        Math.min(show, report.rejections().size()))) {
                    err.printf(Locale.ROOT, "  line %d: %s%n", r.line(), r.reason());
                }
                if (report.rejected() > show) {
                    err.printf(Locale.ROOT, "  … %,d more rejected%n", report.rejected() - show);
                }
            }
            if (sender != null) {
                sender.close();
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("propel import: " + describe(e));
            return 1;
        }
        err.printf(Locale.ROOT, "total: %,d imported, %,d rejected%s%n", totalImported, totalRejected,
                outPath == null ? "" : "; events: " + outPath);
        if (sender != null) {
            IngestApiSender.Totals t = sender.totals();
            err.printf(Locale.ROOT, "ingest API %s: %,d requests, %,d sent, %,d accepted, %,d rejected%n", api,
                    t.requests(), t.sent(), t.accepted(), t.rejected());
            for (IngestApiSender.Rejection r : t.firstRejections().subList(0,
                    Math.min(show, t.firstRejections().size()))) {
                err.printf("  rejected #%d: %s: %s%n", r.index(), r.field(), r.error());
            }
        }
        return exit;
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file " + t.getMessage();
        }
        return t.getMessage();
    }
}
