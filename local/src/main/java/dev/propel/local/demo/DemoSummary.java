package dev.propel.local.demo;

import java.util.ArrayList;
import java.util.List;

/** What the demo did, step by step: printed at the end, and checked by the end-to-end test. */
public final class DemoSummary {
    /** One answered API call. */
    public record ApiAnswer(String path, int status, String body) {
    }

    String traffic = "";
    long events;
    long sessions;
    long accepted;
    long rejected;
    int requests;
    HistoryUpload.Uploaded backfill = new HistoryUpload.Uploaded(0, 0, 0);
    long rawObjects;
    long cleanObjects;
    long quarantined;
    List<String> datasets = new ArrayList<>();
    List<PublishedModel> models = new ArrayList<>();
    List<ApiAnswer> answers = new ArrayList<>();
    String api = "";
    String s3 = "";
    String bucket = "";
    String state = "";
    String log = "";
    String report = "";
    double seconds;

    public long events() {
        return events;
    }

    /** Events the API accepted with a 202. */
    public long accepted() {
        return accepted;
    }

    /** Events uploaded straight into {@code raw/} as a backfill. */
    public long backfilled() {
        return backfill.events();
    }

    public long rawObjects() {
        return rawObjects;
    }

    public long cleanObjects() {
        return cleanObjects;
    }

    public List<String> datasets() {
        return List.copyOf(datasets);
    }

    public List<PublishedModel> models() {
        return List.copyOf(models);
    }

    /** Where the growth report was written, or why not. */
    public String report() {
        return report;
    }

    public List<ApiAnswer> answers() {
        return List.copyOf(answers);
    }

    /** The readable summary. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("\n=== Propel demo: done in ").append(String.format("%.1f", seconds)).append(" s ===\n");
        b.append(String.format("traffic      %s%n", traffic));
        b.append(String.format("events       %,d in %,d sessions%n", events, sessions));
        if (backfill.objects() > 0) {
            b.append(String.format("backfill     %,d events of the past days in %d raw objects (%,d KB), put straight"
                    + " into raw/%n", backfill.events(), backfill.objects(), backfill.bytes() / 1024));
        }
        b.append(String.format("ingest       %,d accepted, %,d rejected by POST /events (%d requests)%n", accepted,
                rejected, requests));
        b.append(String.format("preprocess   %d raw objects -> %d clean, %d quarantined (by S3 notification)%n",
                rawObjects, cleanObjects, quarantined));
        for (String d : datasets) {
            b.append(String.format("dataset      %s%n", d));
        }
        for (PublishedModel m : models) {
            b.append(String.format("model        %-10s v%s  %,d rows  ROC AUC %.3f%s%n", m.task(), m.version(),
                    m.trainRows(), m.rocAuc(),
                    // the quality line compares with the oracle on the model's own test rows: the oracle over
                    // every prefix would compare different rows
                    m.oracleAuc() == null || m.quality() != null ? ""
                            : String.format(" (oracle %.3f)", m.oracleAuc())));
            if (m.quality() != null) {
                b.append(String.format("             %s%n", m.quality()));
            }
            b.append(String.format("             report %s%n", m.report()));
        }
        for (ApiAnswer a : answers) {
            b.append(String.format("POST %-8s %d  %s%n", a.path(), a.status(), a.body()));
        }
        if (!report.isEmpty()) {
            b.append(String.format("report       %s%n", report));
        }
        b.append(String.format("S3           %s  bucket %s%n", s3, bucket));
        b.append(String.format("files        %s%n", state));
        b.append(String.format("logs         %s%n", log));
        return b.toString();
    }
}
