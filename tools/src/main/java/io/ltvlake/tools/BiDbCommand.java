package io.ltvlake.tools;

import io.ltvlake.jobs.delivery.postgres.PublishConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.jobs.delivery.postgres.PostgresPublisher;
import io.ltvlake.jobs.delivery.postgres.PublishJob;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bi-db", mixinStandardHelpOptions = true, description = {
        "Start a local PostgreSQL, publish the lake's gold marts into it (schema marts) and print the settings to paste",
        "into Metabase. Runs until Ctrl-C; the database lives in a temporary folder that is removed when it stops.",
        "The BI password is $LTVLAKE_BI_PASSWORD (publish.postgres.bi-password-env) when set, else a random one."})
final class BiDbCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--port", defaultValue = "5433", description = "port to listen on (0: any free port); default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--listen", defaultValue = "127.0.0.1",
            description = "address to listen on; * for every interface (e.g. Metabase in Docker); default: ${DEFAULT-VALUE}")
    String listen;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "run date written into the table comments; default: today")
    LocalDate date;

    @Option(names = "--once", description = "stop after publishing and printing the settings (for scripts and tests)")
    boolean once;

    /** A running BI database with the marts published. */
    record Running(EmbeddedBiDatabase database, Settings settings, String biPassword, JobResult published) {}

    @Override
    public Integer call() throws Exception {
        Settings settings = lake.load();
        Running running = open(overrides -> {
            lake.overrides.putAll(overrides);
            return lake.load();
        }, port, listen, date == null ? LocalDate.now(settings.businessTimeZone()) : date,
                System.getenv(settings.section(PublishConfig.class).postgres().biPasswordEnv()), System.out);
        if (running == null) {
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.database().close();
            } catch (Exception e) {
                System.err.println("ltvlake: stopping the BI database: " + e.getMessage());
            }
        }, "bi-db-stop"));
        printSettings(running, System.out);
        if (once) {
            running.database().close();
            return 0;
        }
        System.out.println("Press Ctrl-C to stop (the database and its folder go away).");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Starts the database and publishes the marts of the lake into it. {@code settingsWith} gives
     * the config with the overrides that point publish at this database. Returns null (with a
     * message) when the lake has no mart yet, before anything starts.
     */
    static Running open(Function<Map<String, String>, Settings> settingsWith, int port, String listen, LocalDate runDate,
                        String biPasswordFromEnvironment, PrintStream out) throws Exception {
        Settings plain = settingsWith.apply(Map.of());
        SparkSession spark = Session.spark(plain);
        Lake lake = new Lake(spark, plain.lakeRoot());
        if (PublishJob.goldTables(Pipeline.registry().ordered()).stream().noneMatch(lake::exists)) {
            out.println("ltvlake: no gold mart in " + plain.lakeRoot() + " yet: run bin/ltvlake demo first, or give --lake");
            return null;
        }
        out.println("starting PostgreSQL (the first time unpacks its binaries) ...");
        EmbeddedBiDatabase database = EmbeddedBiDatabase.start(port, listen);
        try {
            String biPassword = biPasswordFromEnvironment == null || biPasswordFromEnvironment.isEmpty()
                    ? EmbeddedBiDatabase.randomPassword() : biPasswordFromEnvironment;
            Settings settings = settingsWith.apply(Map.of("publish.postgres.url", "\"" + database.jdbcUrl() + "\"",
                    "publish.postgres.user", EmbeddedBiDatabase.ADMIN));
            PublishConfig.PostgresSettings local = settings.section(PublishConfig.class).postgres();
            JobContext context = new JobContext(runDate, settings, spark, new Lake(spark, settings.lakeRoot()), out);
            PublishJob publish = new PublishJob(Pipeline.registry().ordered(), name -> name.equals(local.passwordEnv())
                    ? database.adminPassword() : name.equals(local.biPasswordEnv()) ? biPassword : null, PostgresPublisher.Hooks.NONE);
            out.println("publishing the marts of " + settings.lakeRoot() + " ...");
            JobResult published = publish.run(context);
            return new Running(database, settings, biPassword, published);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    static void printSettings(Running running, PrintStream out) {
        PublishConfig.PostgresSettings postgres = running.settings().section(PublishConfig.class).postgres();
        EmbeddedBiDatabase database = running.database();
        out.println();
        out.println("BI database ready: PostgreSQL " + database.version() + ", " + running.published().tableVersions().size()
                + " marts in schema " + postgres.schema() + ".");
        out.println();
        out.println("Metabase: Admin settings > Databases > Add a database > PostgreSQL, then:");
        out.println("  Display name   ltvlake marts");
        out.println("  Host           localhost   (Metabase in Docker: host.docker.internal, and bi-db --listen '*')");
        out.println("  Port           " + database.port());
        out.println("  Database name  " + EmbeddedBiDatabase.DATABASE);
        out.println("  Username       " + postgres.biRole());
        out.println("  Password       " + running.biPassword());
        out.println("  Schemas        Only these: " + postgres.schema());
        out.println();
        out.println("JDBC URL         " + database.jdbcUrl() + "?user=" + postgres.biRole());
        out.println("psql             psql 'postgresql://" + postgres.biRole() + "@localhost:" + database.port() + "/"
                + EmbeddedBiDatabase.DATABASE + "'");
        out.flush();
    }
}
