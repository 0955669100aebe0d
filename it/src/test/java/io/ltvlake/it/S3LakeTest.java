package io.ltvlake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo with its lake on S3: an S3Proxy in this JVM on loopback, which checks AWS signatures,
 * and {@code ltvlake demo --lake s3a://…} in a JVM of its own (as bin/ltvlake runs it) with the
 * keys in its environment. The same demo on a local folder, run here, is the reference: every
 * gold table must hold the same rows on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3LakeTest {

    private static final String BUCKET = "ltvlake-it";
    private static final String S3_LAKE = "s3a://" + BUCKET + "/lake";
    private static final String ACCESS_KEY = "AKIAIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    /** A value that appears nowhere else, so finding it in output can only be a leak. */
    private static final String SECRET = "ItSecret/" + UUID.randomUUID();
    /**
     * A sample as small as lets every job run: below about 500 customers over 240 days the CLV fit
     * has too few repeat buyers and does not converge (ClvJob fails), whatever the lake.
     */
    private static final String[] SAMPLE = {"--customers", "500", "--days", "240"};
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final SparkSession spark = TestSpark.session();
    private BlobStoreContext store;
    private S3Proxy proxy;
    private Path scratch;
    private Lake localLake;
    private Lake s3Lake;
    private Launcher.Ran s3Demo;

    @BeforeAll
    void startS3AndRunTheDemoOnS3AndLocally() throws Exception {
        scratch = Files.createTempDirectory("ltvlake-s3-it");
        Properties backend = new Properties();
        backend.setProperty("jclouds.filesystem.basedir", Files.createDirectories(scratch.resolve("s3")).toString());
        store = ContextBuilder.newBuilder("filesystem").overrides(backend).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("STARTED", proxy.getState(), "S3Proxy started");
        store.getBlobStore().createContainerInLocation(null, BUCKET);

        // Both demos at once: each spends much of its time waiting on Delta commits, so together they
        // take less than one after the other.
        Path local = scratch.resolve("local-lake");
        CompletableFuture<Launcher.Ran> onS3 = CompletableFuture.supplyAsync(
                () -> Launcher.cli(scratch.resolve("s3-logs"), credentials(SECRET), TIMEOUT, demo(S3_LAKE)));
        CompletableFuture<Launcher.Ran> onDisk = CompletableFuture.supplyAsync(
                () -> Launcher.cli(scratch.resolve("local-logs"), Map.of(), TIMEOUT, demo(local.toString())));
        s3Demo = onS3.join();
        Launcher.Ran localDemo = onDisk.join();
        System.out.println("demo on s3a: exit " + s3Demo.exitCode() + " in " + s3Demo.took().toSeconds() + " s; on a local folder: exit "
                + localDemo.exitCode() + " in " + localDemo.took().toSeconds() + " s (at the same time)");
        assertEquals(0, s3Demo.exitCode(), s3Demo.output());
        assertEquals(0, localDemo.exitCode(), localDemo.output());

        // This JVM reads the S3 lake through the same factory, with the keys from an environment map.
        Settings settings = ConfigLoader.load(ConfigLoader.Request.of(TestSpark.projectRoot(), "local")
                .withEnvironment(credentials(SECRET)).withLakeRoot(S3_LAKE).withOverrides(s3Overrides()));
        SparkSession configured = SparkSessions.create(settings);
        assertTrue(configured == spark || configured.sparkContext() == spark.sparkContext(), "one session for the test JVM");
        s3Lake = new Lake(spark, S3_LAKE);
        localLake = new Lake(spark, local.toString());
    }

    @AfterAll
    void stopS3() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (store != null) {
            store.close();
        }
        if (scratch != null) {
            LocalFolders.delete(scratch);
        }
    }

    private String[] demo(String lake) {
        List<String> args = new ArrayList<>(List.of("demo", "--env", "local", "--lake", lake));
        args.addAll(List.of(SAMPLE));
        s3Overrides().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        return args.toArray(String[]::new);
    }

    private Map<String, String> s3Overrides() {
        return Map.of("s3.endpoint", "http://127.0.0.1:" + proxy.getPort(), "s3.path-style-access", "true",
                "s3.ssl-enabled", "false");
    }

    private static Map<String, String> credentials(String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", secret);
    }

    private Set<String> objectKeys() {
        Set<String> keys = new TreeSet<>();
        String marker = null;
        do {   // a listing comes in pages of at most 1,000 keys
            ListContainerOptions options = ListContainerOptions.Builder.recursive();
            if (marker != null) {
                options = options.afterMarker(marker);
            }
            PageSet<? extends StorageMetadata> page = store.getBlobStore().list(BUCKET, options);
            page.forEach(m -> keys.add(m.getName()));
            marker = page.getNextMarker();
        } while (marker != null);
        return keys;
    }

    @Test
    void everyGoldTableOnS3HoldsTheSameRowsAsOnTheLocalLake() {
        List<String> compared = new ArrayList<>();
        long goldRows = 0;
        for (TableSpec table : Pipeline.tables()) {
            if (!table.ref().layer().equals("gold")) {
                continue;
            }
            assertTrue(localLake.exists(table), table.name() + " on the local lake");
            assertTrue(s3Lake.exists(table), table.name() + " on s3a");
            // the counts come from each table's log; the one comparison reads both sides once
            long rows = localLake.rows(table).orElseThrow();
            assertEquals(rows, s3Lake.rows(table).orElseThrow(), table.name() + " rows");
            DatasetDiff.Difference difference = DatasetDiff.between(localLake.read(table), s3Lake.read(table));
            assertTrue(difference.same(), table.name() + ": " + difference.onlyLeft() + " rows only locally, "
                    + difference.onlyRight() + " only on s3a");
            compared.add(table.name() + " " + rows);
            goldRows += rows;
        }
        System.out.println("gold tables equal on s3a and locally: " + compared);
        assertTrue(compared.size() >= 10, "every gold table compared: " + compared);
        assertTrue(s3Lake.read(DealsTables.DEALS).count() > 100, "deals were built, so the comparison is not vacuous");
        assertTrue(goldRows > 1_000, "gold rows: " + goldRows);
    }

    @Test
    void ingestReadTheLandingFilesOnS3AndQuarantinedTheSameRows() {
        // every export day listed and fingerprinted on S3 was read once: the audit has one row per source, entity and day
        Dataset<Row> audit = s3Lake.read(BronzeTables.AUDIT);
        Row totals = audit.selectExpr("count(distinct export_date)", "sum(rows_read)", "sum(rows_loaded)",
                "sum(rows_quarantined)").first();
        assertEquals(240L, totals.getLong(0), "export days ingested");
        assertEquals(totals.getLong(1), totals.getLong(2) + totals.getLong(3), "read = loaded + quarantined");
        assertTrue(totals.getLong(3) > 0, "the sample plants malformed rows");
        Dataset<Row> reasonsOnS3 = s3Lake.read(Quarantine.TABLE).groupBy("_entity", "_reason_code").count();
        Dataset<Row> reasonsLocally = localLake.read(Quarantine.TABLE).groupBy("_entity", "_reason_code").count();
        assertTrue(DatasetDiff.between(reasonsLocally, reasonsOnS3).same(), "the same rows quarantined for the same reasons");
        // the deals job found the generator's truth on S3 and measured itself against it
        assertTrue(s3Demo.output().contains("purchase_kind against the generator's truth (" + S3_LAKE + "/truth/orders.csv)"),
                s3Demo.output());
    }

    @Test
    void theLakeIsInTheBucket() {
        Set<String> keys = objectKeys();
        assertTrue(keys.contains("lake/landing/shop/_sample.txt"), "the demo's marker");
        assertTrue(keys.contains("lake/landing/shop/2026-11-20/order_lines.csv"), "the last export day");
        assertTrue(keys.contains("lake/truth/orders.csv"), "the generator's truth");
        long exportDays = keys.stream().filter(k -> k.matches("lake/landing/shop/\\d{4}-\\d{2}-\\d{2}/order_lines\\.csv")).count();
        assertEquals(240, exportDays);
        for (TableSpec table : Pipeline.tables()) {
            String log = "lake/" + table.ref().layer() + "/" + table.ref().name() + "/_delta_log/00000000000000000000.json";
            assertTrue(keys.contains(log), "Delta log of " + table.name() + " in the bucket");
        }
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("lake/gold/deals/") && k.endsWith(".parquet")), "data files of gold.deals");
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("lake/reports/") && k.endsWith(".html")), "the run's HTML report: " 
                + keys.stream().filter(k -> k.startsWith("lake/reports/")).toList());
        // nothing went to a local folder named after the URL (java.io on an s3a path would do that)
        assertFalse(Files.exists(TestSpark.projectRoot().resolve("s3a:")), "no local s3a: folder in the project");
        assertFalse(Files.exists(TestSpark.projectRoot().resolve("jobs/s3a:")), "no local s3a: folder in jobs/");
    }

    @Test
    void theSecretKeyAppearsInNoOutputAndNoLog() {
        assertFalse(s3Demo.output().contains(SECRET), "console output of the demo");
        assertFalse(s3Demo.log().contains(SECRET), "logs/ltvlake.log of the demo");
        assertTrue(s3Demo.log().contains("lake " + S3_LAKE), "the log file is the run's: " + s3Demo.log().lines().limit(5).toList());
        assertTrue(s3Demo.log().lines().count() > 20, "the log holds the run's progress");

        Launcher.Ran config = Launcher.cli(scratch.resolve("config-logs"), credentials(SECRET), Duration.ofMinutes(2),
                "config", "--lake", S3_LAKE, "--set", "s3.endpoint=http://127.0.0.1:" + proxy.getPort());
        assertEquals(0, config.exitCode(), config.output());
        assertTrue(config.output().contains("authentication=environment"), "the s3 settings are shown: " + config.output());
        assertFalse(config.output().contains(SECRET), "bin/ltvlake config");
        assertFalse(config.output().contains(ACCESS_KEY), "bin/ltvlake config");
    }

    @Test
    void aWrongSecretIsRefusedSoTheKeysReallyCameFromTheEnvironment() {
        // generate needs no Spark: it writes the sample through the Hadoop file system with the same s3a settings
        Launcher.Ran refused = Launcher.cli(scratch.resolve("refused-logs"), credentials("not-" + SECRET), Duration.ofMinutes(3),
                "generate", "--lake", S3_LAKE, "--out", "s3a://" + BUCKET + "/refused", "--customers", "5", "--days", "60",
                "--set", "s3.endpoint=http://127.0.0.1:" + proxy.getPort(), "--set", "s3.path-style-access=true",
                "--set", "s3.ssl-enabled=false");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("403") || refused.output().contains("AccessDenied")
                || refused.output().contains("SignatureDoesNotMatch"), refused.output());
        assertFalse(refused.output().contains("not-" + SECRET), "not even a wrong secret is printed");
        assertTrue(objectKeys().stream().noneMatch(k -> k.startsWith("refused/")), "nothing written");
    }
}
