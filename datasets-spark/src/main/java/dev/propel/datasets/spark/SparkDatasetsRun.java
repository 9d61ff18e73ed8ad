package dev.propel.datasets.spark;

import dev.propel.core.log.JsonLog;
import dev.propel.core.recall.RecallSettings;
import dev.propel.functions.datasets.BuildRequest;
import dev.propel.functions.datasets.DayReport;
import dev.propel.functions.datasets.RecallRefresh;
import dev.propel.functions.datasets.RecallReport;
import dev.propel.functions.datasets.RecallWindow;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run of the datasets stage on Spark for a request: its days in date order, then the recall artefact from the
 * sessions of the window ending at the newest day, as {@code BuildDatasetsFunction} does; the answer has the
 * handler's shape ({@code days}, {@code recall}) plus {@code "engine": "spark"}.
 */
public final class SparkDatasetsRun {
    private final SparkDatasetBuilder builder;
    private final RecallRefresh recall;
    private final Clock clock;
    private final JsonLog log;

    public SparkDatasetsRun(JavaSparkContext spark, S3Client s3, S3aBucket bucket, SparkSettings settings,
            RecallWindow window, Clock clock, JsonLog log) {
        this.builder = new SparkDatasetBuilder(spark, s3, bucket, settings);
        this.recall = new RecallRefresh(s3, bucket.bucket(), window, RecallSettings.defaults());
        this.clock = clock;
        this.log = log;
    }

    /** Builds the request's days, then recall; logs one JSON line per day and one for recall. */
    public Map<String, Object> run(BuildRequest request) {
        List<Map<String, Object>> days = new ArrayList<>();
        // the days built, as the handler counts them: the requested ones and whatever the day chain added
        List<LocalDate> built = new ArrayList<>();
        for (DayReport r : builder.build(request.days(), request.lateDays())) {
            built.add(r.day());
            var line = log.info("day built").with("engine", "spark");
            r.toMap().forEach(line::with);
            line.log();
            days.add(r.toMap());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "spark");
        out.put("days", days);
        if (!built.isEmpty()) {
            RecallReport r = recall.refresh(built, clock.instant());
            var line = log.info("recall built").with("engine", "spark");
            r.toMap().forEach(line::with);
            line.log();
            out.put("recall", r.toMap());
        }
        return out;
    }
}
