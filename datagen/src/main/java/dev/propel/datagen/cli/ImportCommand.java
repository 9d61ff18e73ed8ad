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
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** {@code ./propel import}: converts public event logs into Propel events (a JSON lines file and/or the API). */
public final class ImportCommand {
    static final String HELP = """
            usage: ./propel import --format rees46|otto|diginetica|retailrocket|tianchi (--out FILE | --api URL) FILE...

            Converts public e-commerce event logs to Propel events (DESIGN §2) with stable event ids, so that
            importing a file twice deduplicates. Bad rows are counted and listed with their line numbers.

              --format F        the input format (docs/importers.md describes each mapping)
              --out FILE        Propel events as JSON lines; .gz compresses; - is stdout
              --api URL         POST the events to a Propel ingest API, e.g. http://127.0.0.1:3000
                                (with $PROPEL_WRITE_KEY as x-api-key when set)
              --batch N         events per request with --api (1..500, default 500)
              --show N          rejected rows to list per file (default 10)
            Input files may be gzip-compressed (.gz).
            """;
    private static final Set<String> VALUED = Set.of("format", "out", "api", "batch", "show");
    private static final Set<String> FLAGS = Set.of("help");

    private ImportCommand() {
    }

    /** Runs the command with stdout/stderr; returns the exit code (0 ok, 1 a file failed, 2 usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command; reports go to {@code err} because {@code out} may carry the events. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        ImportFormat format;
        int batch;
        int show;
        URI api;
        try {
            a = Arguments.parse(args, VALUED, FLAGS);
            if (a.has("help")) {
                out.print(HELP);
                return 0;
            }
            if (!a.has("format")) {
                throw new Arguments.UsageException("--format is required");
            }
            try {
                format = ImportFormat.of(a.get("format", ""));
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageException(e.getMessage());
            }
            if (!a.has("out") && !a.has("api")) {
                throw new Arguments.UsageException("give --out FILE or --api URL");
            }
            if (a.operands().isEmpty()) {
                throw new Arguments.UsageException("no input FILE");
            }
            batch = a.getInt("batch", IngestApiSender.MAX_BATCH, 1, IngestApiSender.MAX_BATCH);
            show = a.getInt("show", 10, 0, ImportReport.KEPT_REJECTIONS);
            api = a.getUrl("api");
        } catch (Arguments.UsageException e) {
            err.println("propel import: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        int exit = 0;
        long totalImported = 0;
        long totalRejected = 0;
        Path outPath = a.has("out") ? Path.of(a.get("out", null)) : null;
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
            for (String name : a.operands()) {
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
