package dev.propel.functions.datasets;

import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.layout.S3Layout;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds days so that each day's running stats ({@code stats/items}, {@code stats/users}) are built on the
 * previous day's, under the chain lock:
 * <ol>
 * <li>a missing previous day is built first (at most {@link ChainSettings#maxGapDays()}, else the run fails
 * naming the missing day);</li>
 * <li>the {@link ChainSettings#recheckDays()} days before the first requested one are rebuilt when their clean
 * inputs changed since their build (late clean objects);</li>
 * <li>days between and after the requested ones are rebuilt when they are stale: no commit record, built on
 * previous parts that have since changed, or on different clean inputs (the cascade).</li>
 * </ol>
 * The first day ever built (no stats partition before it) starts the chain with empty stats.
 */
final class DayChain {
    /** The previous day's running stats a day is built on, with the ETags of the parts they were read from. */
    record Previous(LocalDate day, ItemStatsTable items, UserRegistry users, String itemsETag, String usersETag) {
        static final Previous NONE = new Previous(null, ItemStatsTable.empty(), UserRegistry.empty(), null, null);
    }

    /** One day built: its report and the commit record written last. */
    record Built(DayReport report, DayMarker marker) {
    }

    /** Builds one day on the given previous stats and writes its commit record. */
    interface DayBuild {
        Built build(LocalDate day, int lateDays, Previous previous, String run, String trigger);
    }

    /** A day the chain needs is missing and too far back to be built automatically. */
    static final class MissingDay extends IllegalStateException {
        private final transient LocalDate day;

        MissingDay(LocalDate day, String message) {
            super(message);
            this.day = day;
        }

        LocalDate day() {
            return day;
        }
    }

    private final PartitionStore store;
    private final CleanEventReader reader;
    private final BuildSettings build;
    private final ChainSettings settings;
    private final DayBuild dayBuild;
    private final Map<LocalDate, Optional<DayMarker>> markers = new HashMap<>();
    private TreeSet<LocalDate> built;

    DayChain(PartitionStore store, CleanEventReader reader, BuildSettings build, ChainSettings settings,
            DayBuild dayBuild) {
        this.store = store;
        this.reader = reader;
        this.build = build;
        this.settings = settings;
        this.dayBuild = dayBuild;
    }

    /**
     * Builds the requested days (always, in date order) and whatever the chain needs around them; the caller
     * holds the lock and {@code afterEachDay} renews it. Answers every day built, in order.
     */
    List<DayReport> build(List<LocalDate> requested, int lateDays, String run, Runnable afterEachDay) {
        TreeSet<LocalDate> days = new TreeSet<>(requested);
        List<DayReport> out = new ArrayList<>();
        if (days.isEmpty()) {
            return out;
        }
        built = store.days(S3Layout.statsPrefix(PartitionStore.ITEMS));
        LocalDate first = days.first();
        LocalDate start = first;
        for (LocalDate d = first.minusDays(settings.recheckDays()); d.isBefore(first); d = d.plusDays(1)) {
            if (built.contains(d) && staleness(d) != null) {
                start = d;
                break;
            }
        }
        fillGapBefore(start, run, out, afterEachDay);
        for (LocalDate d = start; !d.isAfter(days.last()); d = d.plusDays(1)) {
            String stale = days.contains(d) ? null : staleness(d);
            if (days.contains(d)) {
                out.add(buildDay(d, lateDays, run, "requested"));
            } else if (stale != null) {
                out.add(buildDay(d, markerLateDays(d), run, stale));
            } else {
                continue;
            }
            afterEachDay.run();
        }
        int cascaded = 0;
        for (LocalDate d = days.last().plusDays(1); built.ceiling(d) != null && staleness(d) != null; d = d.plusDays(1)) {
            if (++cascaded > settings.maxCascadeDays()) {
                throw new MissingDay(d, "the datasets of " + d + " and later are built on days that changed; "
                        + "rebuilt " + settings.maxCascadeDays() + " days in this run, run again (or build from "
                        + d + " to " + built.last() + ") to finish");
            }
            out.add(buildDay(d, markerLateDays(d), run, "cascade"));
            afterEachDay.run();
        }
        return out;
    }

    /** Builds the days missing between the chain's last day before {@code day} and {@code day}. */
    private void fillGapBefore(LocalDate day, String run, List<DayReport> out, Runnable afterEachDay) {
        LocalDate newest = built.lower(day);
        if (newest == null || newest.equals(day.minusDays(1))) {
            return; // the chain starts here, or the previous day is there
        }
        long missing = Duration.between(newest.plusDays(1).atStartOfDay(), day.atStartOfDay()).toDays();
        if (missing > settings.maxGapDays()) {
            throw new MissingDay(day.minusDays(1), "cannot build " + day + ": the stats of " + day.minusDays(1)
                    + " are missing (the chain ends at " + newest + ", " + missing + " days missing, at most "
                    + settings.maxGapDays() + " are built first); build " + newest.plusDays(1) + " to "
                    + day.minusDays(1) + " first");
        }
        for (LocalDate d = newest.plusDays(1); d.isBefore(day); d = d.plusDays(1)) {
            out.add(buildDay(d, 0, run, "previous"));
            afterEachDay.run();
        }
    }

    private DayReport buildDay(LocalDate day, int lateDays, String run, String trigger) {
        Built b = dayBuild.build(day, lateDays, previous(day), run, trigger);
        markers.put(day, Optional.of(b.marker()));
        built.add(day);
        return b.report();
    }

    /** The stats {@code day} is built on: the previous day's, the empty chain start, or a failure if missing. */
    private Previous previous(LocalDate day) {
        LocalDate prev = day.minusDays(1);
        if (!built.contains(prev)) {
            if (built.lower(day) == null) {
                return Previous.NONE;
            }
            throw new MissingDay(prev, "cannot build " + day + ": the stats of " + prev + " are missing");
        }
        Optional<DayMarker> m = marker(prev);
        String itemsETag = m.map(DayMarker::itemsETag)
                .orElseGet(() -> store.partETag(S3Layout.statsPrefix(PartitionStore.ITEMS), prev));
        String usersETag = m.map(DayMarker::usersETag)
                .orElseGet(() -> store.partETag(S3Layout.statsPrefix(PartitionStore.USERS), prev));
        if (itemsETag == null || usersETag == null) {
            throw new MissingDay(prev, "cannot build " + day + ": the stats of " + prev + " are incomplete");
        }
        return new Previous(prev, store.items(prev, itemsETag), store.users(prev, usersETag), itemsETag, usersETag);
    }

    /**
     * Why a day must be rebuilt, null when it is current: {@code chain} when it was never committed (or its parts
     * are gone) or was built on previous parts that changed since, {@code late} when its clean inputs changed.
     */
    private String staleness(LocalDate day) {
        if (!built.contains(day)) {
            return "chain";
        }
        Optional<DayMarker> mark = marker(day);
        if (mark.isEmpty()) {
            return "chain";
        }
        DayMarker m = mark.get();
        LocalDate prev = day.minusDays(1);
        String prevItems = null;
        String prevUsers = null;
        if (built.contains(prev)) {
            Optional<DayMarker> p = marker(prev);
            prevItems = p.isPresent() ? p.get().itemsETag()
                    : store.partETag(S3Layout.statsPrefix(PartitionStore.ITEMS), prev);
            prevUsers = p.isPresent() ? p.get().usersETag()
                    : store.partETag(S3Layout.statsPrefix(PartitionStore.USERS), prev);
        } else if (built.lower(day) != null) {
            return "chain"; // a gap opened before it: the chain must be rebuilt through it
        }
        if (!Objects.equals(prevItems, m.previousItemsETag()) || !Objects.equals(prevUsers, m.previousUsersETag())) {
            return "chain";
        }
        Instant[] range = cleanRange(build, day, m.lateDays());
        return reader.fingerprint(range[0], range[1]).equals(m.cleanFingerprint()) ? null : "late";
    }

    private int markerLateDays(LocalDate day) {
        return marker(day).map(DayMarker::lateDays).orElse(0);
    }

    private Optional<DayMarker> marker(LocalDate day) {
        return markers.computeIfAbsent(day, store::marker);
    }

    /** The clean hours a day's build reads: the day plus look-back, look-ahead and {@code lateDays}. */
    static Instant[] cleanRange(BuildSettings settings, LocalDate day, int lateDays) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Instant[] {from.minus(settings.lookBack()),
                to.plus(settings.lookAhead()).plus(Duration.ofDays(lateDays))};
    }
}
