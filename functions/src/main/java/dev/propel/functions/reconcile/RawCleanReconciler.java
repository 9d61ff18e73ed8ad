package dev.propel.functions.reconcile;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.preprocess.PreprocessOutcome;
import dev.propel.functions.preprocess.PreprocessService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds raw objects that never reached {@code clean/} (a dropped or failed notification) and repairs them: per
 * day partition it lists {@code raw/}, {@code clean/} and {@code quarantine/raw/}; every raw key must have
 * {@link S3Layout#cleanKeyFor} or a quarantine entry. Missing ones go through the same {@link PreprocessService}
 * as a notification would (idempotent: outputs derive from the raw key and bytes), so raw/ is only read and
 * clean/ and quarantine/ are only written by the preprocessing code itself.
 */
public final class RawCleanReconciler {
    /** How long after an hour closes its objects are checked: notifications of that hour may still be queued. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

    private final S3Client s3;
    private final String bucket;
    private final PreprocessService preprocess;
    private final Clock clock;
    private final Duration grace;
    private final JsonLog log;

    public RawCleanReconciler(S3Client s3, String bucket, PreprocessService preprocess, Clock clock, Duration grace,
            JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.preprocess = preprocess;
        this.clock = clock;
        this.grace = grace;
        this.log = log;
    }

    /** Checks and repairs every raw object of the receive-time days {@code from..to} (inclusive). */
    public ReconcileReport reconcile(LocalDate from, LocalDate to) {
        Instant now = clock.instant();
        long checked = 0;
        long covered = 0;
        long young = 0;
        List<ReconcileReport.Repair> repairs = new ArrayList<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            String partition = S3Layout.dayPartition(day);
            // One listing per area and day: a day holds at most a few thousand objects per hour, and listing the
            // day once is cheaper than 24 hour listings when most hours are empty.
            Set<String> clean = keys(S3Layout.CLEAN + partition);
            Set<String> quarantined = keys(S3Layout.QUARANTINE + S3Layout.RAW + partition);
            for (String rawKey : keys(S3Layout.RAW + partition).stream().sorted().toList()) {
                Optional<S3Layout.PartitionedKey> parsed = S3Layout.parse(rawKey);
                if (parsed.isEmpty() || !rawKey.endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
                    continue; // not an event object: no notification is subscribed to it either
                }
                Instant hourEnd = parsed.get().day().atTime(parsed.get().hour(), 0).toInstant(ZoneOffset.UTC)
                        .plus(Duration.ofHours(1));
                if (now.isBefore(hourEnd.plus(grace))) {
                    young++;
                    continue;
                }
                checked++;
                if (clean.contains(S3Layout.cleanKeyFor(rawKey))
                        || quarantined.contains(S3Layout.quarantineKeyFor(rawKey))
                        || quarantined.contains(S3Layout.quarantineReasonKeyFor(rawKey))) {
                    covered++;
                    continue;
                }
                ReconcileReport.Repair repair = repair(rawKey);
                repairs.add(repair);
                if (repair.wrote()) {
                    days.add(parsed.get().day());
                }
            }
        }
        ReconcileReport report = new ReconcileReport(from, to, checked, covered, young, repairs, days);
        log.at(report.clean() ? "INFO" : "WARN", "reconcile").with("from", from.toString())
                .with("to", to.toString()).with("checked", checked).with("covered", covered).with("young", young)
                .with("repaired", repairs.size()).with("failed", report.failures().size())
                .with("days", String.join(",", days.stream().map(LocalDate::toString).toList())).log();
        return report;
    }

    private ReconcileReport.Repair repair(String rawKey) {
        try {
            PreprocessOutcome o = preprocess.process(bucket, rawKey);
            boolean wrote = o.cleanKey() != null || o.status() == PreprocessOutcome.Status.QUARANTINED
                    || (o.result() != null && o.result().badLines() > 0);
            log.warn("reconcile repair").with("key", rawKey).with("status", o.status().name())
                    .with("wrote", wrote).log();
            return new ReconcileReport.Repair(rawKey, o.status().name(), wrote);
        } catch (RuntimeException e) {
            // one object's S3 trouble must not stop the others; the caller fails the run so it is retried
            log.error("reconcile repair").with("key", rawKey).with("status", "FAILED")
                    .with("cause", e.getClass().getSimpleName()).log();
            return new ReconcileReport.Repair(rawKey, "FAILED", false);
        }
    }

    private Set<String> keys(String prefix) {
        Set<String> out = new HashSet<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.add(o.key());
        }
        return out;
    }
}
