package io.ltvlake.common.spark;

import io.ltvlake.common.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession factory. Under spark-submit the cluster's master and resources win;
 * locally the config's master is used. Delta is always enabled and times are always UTC.
 * s3a is configured here too, so every command and job reaches an {@code s3a://} lake the same way.
 */
public final class SparkSessions {

    private static final String HADOOP = "spark.hadoop.";

    private SparkSessions() {}

    /** A session for the whole config: Spark settings plus s3a (endpoint, credentials, ...). */
    public static SparkSession create(Settings settings) {
        Map<String, String> s3a = s3aSettings(settings.s3());
        SparkSession.Builder builder = builder(settings.spark());
        // Non-secret s3a settings also go into Spark's conf, so a Hadoop configuration made fresh on
        // an executor has them; the keys do not (see applyS3a).
        s3a.forEach((key, value) -> builder.config(HADOOP + key, value));
        applyFreeForm(builder, settings.spark());
        SparkSession session = start(builder);
        applyS3a(session.sparkContext().hadoopConfiguration(), settings);
        // after s3a, so that an s3a:// lake root can hold the folder
        Checkpoints.useFolderUnderLakeOnACluster(session.sparkContext(), settings.lakeRoot());
        return session;
    }

    /** A session from the Spark settings alone, without s3a settings. */
    public static SparkSession create(Settings.SparkSettings spark) {
        SparkSession.Builder builder = builder(spark);
        applyFreeForm(builder, spark);
        return start(builder);
    }

    /**
     * A Hadoop configuration with the config's s3a settings, for commands that touch lake files
     * before (or without) a Spark session, such as writing a generated sample to {@code s3a://}.
     */
    public static Configuration hadoopConfiguration(Settings settings) {
        Configuration hadoop = new Configuration();
        // Hadoop caches a file system per scheme whatever the configuration, so a command that looks at a local
        // lake before its session starts must already ask for the one the session will use
        localFileSystem(settings.spark()).forEach(hadoop::set);
        applyS3a(hadoop, settings);
        return hadoop;
    }

    /**
     * Sets s3a on a Hadoop configuration: the settings of {@link #s3aSettings} and, with
     * {@code authentication = environment}, the keys from the environment. The keys go only here,
     * never into Spark's conf: Spark ships this configuration to the executors with every file
     * scan and write, while its conf is shown in the UI, event logs and {@code --verbose} output.
     * The user's own {@code spark.hadoop.*} entries of {@code spark.conf} are applied last and win.
     */
    public static void applyS3a(Configuration hadoop, Settings settings) {
        s3aSettings(settings.s3()).forEach(hadoop::set);
        settings.s3().keys().ifPresent(keys -> {
            hadoop.set("fs.s3a.aws.credentials.provider", keys.sessionToken().isPresent()
                    ? "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider"
                    : "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            hadoop.set("fs.s3a.access.key", keys.accessKeyId());
            hadoop.set("fs.s3a.secret.key", keys.secretAccessKey());
            keys.sessionToken().ifPresent(token -> hadoop.set("fs.s3a.session.token", token));
        });
        settings.spark().conf().forEach((key, value) -> {
            if (key.startsWith(HADOOP)) {
                hadoop.set(key.substring(HADOOP.length()), value);
            }
        });
    }

    /** The non-secret s3a settings of {@code ltvlake.s3} as Hadoop keys. */
    public static Map<String, String> s3aSettings(Settings.S3Settings s3) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!s3.endpoint().isEmpty()) {
            result.put("fs.s3a.endpoint", s3.endpoint());
        }
        if (!s3.region().isEmpty()) {
            result.put("fs.s3a.endpoint.region", s3.region());
        }
        result.put("fs.s3a.path.style.access", String.valueOf(s3.pathStyleAccess()));
        result.put("fs.s3a.connection.ssl.enabled", String.valueOf(s3.sslEnabled()));
        result.put("fs.s3a.directory.marker.retention", s3.directoryMarkerRetention());
        return result;
    }

    /**
     * The Hadoop keys that make a local Spark's {@code file} scheme {@link LocalFileSystemWithoutShell}. On a cluster
     * (a master that is not {@code local}) none: the lake is on s3a or HDFS there, and the job jar may not be on the
     * class path Hadoop loads file systems from.
     */
    static Map<String, String> localFileSystem(Settings.SparkSettings spark) {
        String master = System.getProperty("spark.master", spark.master());
        if (!master.startsWith("local")) {
            return Map.of();
        }
        return Map.of("fs.file.impl", LocalFileSystemWithoutShell.FileSystem.class.getName(),
                "fs.AbstractFileSystem.file.impl", LocalFileSystemWithoutShell.FileContextFileSystem.class.getName());
    }

    private static SparkSession.Builder builder(Settings.SparkSettings spark) {
        SparkSession.Builder builder = SparkSession.builder().appName(spark.appName());
        if (System.getProperty("spark.master") == null) {
            builder.master(spark.master());
        }
        localFileSystem(spark).forEach((key, value) -> builder.config(HADOOP + key, value));
        return builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", spark.shufflePartitions())
                .config("spark.ui.enabled", spark.uiEnabled())
                // Listing many small export folders and VACUUM-style scans are slow on 2 cores without this.
                .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", Math.max(4, spark.shufflePartitions()))
                .config("spark.sql.adaptive.enabled", true)
                // a cluster's reliable checkpoints (Checkpoints) are deleted once no plan refers to them
                .config("spark.cleaner.referenceTracking.cleanCheckpoints", true)
                .config("spark.databricks.delta.snapshotPartitions", Math.max(2, Math.min(50, spark.shufflePartitions())))
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/ltvlake-warehouse");
    }

    private static void applyFreeForm(SparkSession.Builder builder, Settings.SparkSettings spark) {
        for (Map.Entry<String, String> entry : spark.conf().entrySet()) {
            builder.config(entry.getKey(), entry.getValue());
        }
    }

    private static SparkSession start(SparkSession.Builder builder) {
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }
}
