package dev.propel.local.demo;

/**
 * A model the demo trained and published.
 *
 * @param task      {@code conversion}, {@code item}, ...
 * @param version   the published version
 * @param trainRows rows it was trained on
 * @param rocAuc    ROC AUC on the test split
 * @param oracleAuc the simulator's ground-truth AUC on the same rows (the best any model could do), or null
 * @param report    where its report is (an {@code s3://} key or a file path)
 * @param quality   how good it is in words a person can check (against the oracle with an interval, or against
 *                  popularity), or null
 */
public record PublishedModel(String task, String version, long trainRows, double rocAuc, Double oracleAuc,
        String report, String quality) {

    /** A model without a quality line. */
    public PublishedModel(String task, String version, long trainRows, double rocAuc, Double oracleAuc,
            String report) {
        this(task, version, trainRows, rocAuc, oracleAuc, report, null);
    }
}
