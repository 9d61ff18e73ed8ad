package dev.propel.datasets.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark in this JVM ({@code local[n]}): the tests, {@code ./propel datasets --engine spark} and the benchmark. */
public final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * A local context with {@code threads} executor threads: no web UI, the loopback address only, shuffles
     * spilling to the JVM's temp folder.
     */
    public static JavaSparkContext start(int threads) {
        SparkConf conf = new SparkConf()
                .setMaster("local[" + threads + "]")
                .setAppName("propel-datasets")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.default.parallelism", String.valueOf(threads))
                // Kryo would need every shuffled record class registered; Java serialization needs nothing
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
                // spill shuffle maps by count too: Spark's sampled size estimate of our records runs low, and in one
                // small local JVM the heap, not the estimate, is the limit
                .set("spark.shuffle.spill.numElementsForceSpillThreshold", "100000");
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("WARN");
        return jsc;
    }
}
