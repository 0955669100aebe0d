package io.ltvlake.common.spark;

import io.ltvlake.common.config.Settings;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession factory. Under spark-submit the cluster's master and resources win;
 * locally the config's master is used. Delta is always enabled and times are always UTC.
 */
public final class SparkSessions {

    private SparkSessions() {}

    public static SparkSession create(Settings.SparkSettings spark) {
        SparkSession.Builder builder = SparkSession.builder().appName(spark.appName());
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted) {
            builder.master(spark.master());
        }
        builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", spark.shufflePartitions())
                .config("spark.ui.enabled", spark.uiEnabled())
                // Listing many small export folders and VACUUM-style scans are slow on 2 cores without this.
                .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", Math.max(4, spark.shufflePartitions()))
                .config("spark.sql.adaptive.enabled", true)
                .config("spark.databricks.delta.snapshotPartitions", Math.max(2, Math.min(50, spark.shufflePartitions())))
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/ltvlake-warehouse");
        for (Map.Entry<String, String> entry : spark.conf().entrySet()) {
            builder.config(entry.getKey(), entry.getValue());
        }
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }
}
