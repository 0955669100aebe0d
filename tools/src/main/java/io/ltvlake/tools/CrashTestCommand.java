package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Main;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "crash-test", mixinStandardHelpOptions = true, description = {
        "Kill the nightly run with kill -9 during conform, then its rerun during deals, then that rerun's rerun during",
        "publish (PostgreSQL running), rerun to the end, and check that every lake table equals a clean run's (exceptAll",
        "both ways), that the BI role read the clean run's marts, unchanged, while publish ran and died, and that the",
        "marts equal the clean run's afterwards. Each run is a JVM of its own, as bin/ltvlake runs it, on a copy of one",
        "generated sample; the database is an embedded PostgreSQL. Exit 0 when all holds.",
        "With --work, a second crash-test in the same folder reuses the sample and the clean lake."})
final class CrashTestCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    SampleOptions sample;

    @Option(names = "--work", paramLabel = "DIR", description = "scratch folder for the sample, the lakes and the logs; default: a new temporary folder")
    Path work;

    @Option(names = "--keep", description = "keep the scratch folder afterwards")
    boolean keep;

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "give up on one run after this long (default ${DEFAULT-VALUE})")
    int timeoutMinutes = 20;

    /** Where a run is killed: after its job header, once {@code reached} holds for the lake or the printed lines. */
    record KillPoint(String job, String when, KillCondition reached) {}

    interface KillCondition {
        boolean reached(Path lake, List<String> printed) throws IOException;
    }

    private static final String BI_PASSWORD = "crash-test-bi";

    @Override
    public Integer call() throws Exception {
        if (lake.lake != null) {
            throw new IllegalArgumentException("crash-test makes its own lakes under --work; it takes no --lake");
        }
        sample.customers = sample.customers != null ? sample.customers : 500;
        sample.days = sample.days != null ? sample.days : 240;
        Settings base = lake.load();
        boolean temporary = work == null;
        Path scratch = temporary ? Files.createTempDirectory("ltvlake-crash-test") : Files.createDirectories(work);
        Path sampleDir = scratch.resolve("sample");
        SampleSettings sampleSettings = sample.settings(base, null, sampleDir);
        String date = sampleSettings.endDate().toString();
        long started = System.nanoTime();
        System.out.println("crash-test: " + sampleSettings.customers() + " customers, " + sampleSettings.days() + " days to "
                + date + "; scratch " + scratch);
        boolean ok = true;
        try {
            if (Files.isDirectory(sampleDir.resolve("landing"))) {
                System.out.println("reusing the sample in " + sampleDir + " (delete it for a new one)");
            } else {
                GenerateCommand.generate(sampleSettings, System.out);
            }
            List<KillPoint> points = List.of(
                    new KillPoint("conform", "after its first silver table is committed", (dir, printed) -> committed(dir, "silver/*")),
                    new KillPoint("deals", "after gold.order_deals is committed, before gold.deals",
                            (dir, printed) -> committed(dir, "gold/order_deals")),
                    new KillPoint("publish", "after its first mart is staged in PostgreSQL, before the swap",
                            (dir, printed) -> printed.stream().anyMatch(l -> l.contains("rows staged"))));
            try (EmbeddedBiDatabase database = EmbeddedBiDatabase.start(0, "127.0.0.1")) {
                Map<String, String> environment = Map.of("LTVLAKE_PG_URL", database.jdbcUrl(), "LTVLAKE_PG_USER",
                        EmbeddedBiDatabase.ADMIN, "LTVLAKE_PG_PASSWORD", database.adminPassword(), "LTVLAKE_BI_PASSWORD", BI_PASSWORD);

                Path clean = scratch.resolve("clean-lake");
                Path cleanDone = scratch.resolve("clean-run-succeeded");
                int exit;
                if (Files.exists(cleanDone)) {
                    System.out.println("\n== the clean lake of an earlier crash-test in this folder, " + clean + ", published again");
                    exit = run(scratch, "clean-publish", clean, date, environment, null, "--only", "publish");
                } else {
                    copySample(sampleDir, clean);
                    System.out.println("\n== clean run on " + clean);
                    exit = run(scratch, "clean", clean, date, environment, null);
                }
                if (exit != 0) {
                    System.out.println("crash-test: FAILED: the clean run exited " + exit + " (see " + scratch.resolve("logs") + ")");
                    keep = true;
                    return 1;
                }
                Files.writeString(cleanDone, "");
                Map<String, String> cleanMarts = martFingerprints(database);
                System.out.println("   published " + cleanMarts.size() + " marts; the BI role reads them");

                // One lake, killed again at each point by the rerun after the previous kill, then run to the end:
                // each rerun starts from what a kill left, and the last one must end where the clean run did.
                Path killed = copySample(sampleDir, scratch.resolve("killed-lake"));
                for (KillPoint point : points) {
                    System.out.println("\n== run " + killed + ", kill -9 during " + point.job() + " (" + point.when() + ")");
                    MartReader reader = point.job().equals("publish") ? MartReader.start(database, cleanMarts) : null;
                    int killedExit = run(scratch, "killed-in-" + point.job(), killed, date, environment, point);
                    if (reader != null) {
                        Thread.sleep(2_000); // the server has dropped the dead session; yesterday's marts must still be whole
                        MartReader.Result read = reader.stop();
                        boolean whole = read.failures() == 0 && read.reads() > 0 && read.changed() == 0;
                        ok &= whole;
                        System.out.println("   while the run and its publish ran and died, the BI role read all marts " + read.reads()
                                + " times: " + read.failures() + " failures, " + read.changed() + " reads that differ from the"
                                + " clean run's marts" + (read.firstProblem() == null ? "" : " (first: " + read.firstProblem() + ")")
                                + (whole ? ": intact" : ": NOT INTACT"));
                    }
                    if (killedExit != 137) {
                        System.out.println("   FAILED: the run was not killed during " + point.job() + " (exit " + killedExit + ")");
                        ok = false;
                    }
                }
                System.out.println("\n== rerun " + killed + " to the end");
                if (run(scratch, "rerun", killed, date, environment, null) != 0) {
                    System.out.println("   FAILED: the rerun did not succeed");
                    ok = false;
                }
                Map<String, String> after = martFingerprints(database);
                boolean same = after.equals(cleanMarts);
                ok &= same;
                System.out.println("   the marts in PostgreSQL now " + (same ? "equal" : "DIFFER FROM") + " the clean run's ("
                        + after.size() + " tables; row count and md5 of the rows)");

                System.out.println("\n== every table of the rerun lake against the clean lake (exceptAll both ways)");
                ok &= LakeComparison.compare(Session.spark(base), clean, Map.of("rerun after the kills", killed), t -> true, System.out);
            }
            System.out.println("crash-test: total " + TextTable.duration(Duration.ofNanos(System.nanoTime() - started)));
            if (!ok) {
                keep = true;
                System.out.println("crash-test: FAILED (scratch kept in " + scratch + ")");
                return 1;
            }
            System.out.println("crash-test: OK: killed during conform, deals and publish, the rerun equals the clean run in every"
                    + " table and in PostgreSQL, and the marts stayed readable and unchanged while publish died");
            return 0;
        } finally {
            if (temporary && !keep) {
                LocalFolders.delete(scratch);
            } else {
                System.out.println("scratch kept: " + scratch);
            }
        }
    }

    /** A lake holding the sample's exports, with their modification times, so every lake fingerprints them alike. */
    static Path copySample(Path sampleDir, Path lakeDir) throws IOException {
        LocalFolders.delete(lakeDir);
        try (Stream<Path> paths = Files.walk(sampleDir)) {
            for (Path from : paths.toList()) {
                Path to = lakeDir.resolve(sampleDir.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return lakeDir;
    }

    /** Whether a Delta table under {@code pattern} (relative to the lake, e.g. silver/*) has a commit. */
    private static boolean committed(Path lakeDir, String pattern) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + lakeDir + "/" + pattern + "/_delta_log/*.json");
        String layer = pattern.substring(0, pattern.indexOf('/'));
        Path root = lakeDir.resolve(layer);
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(root, 3)) {
            return paths.anyMatch(matcher::matches);
        }
    }

    /**
     * Runs {@code run --date} on a lake in a JVM of its own, as bin/ltvlake does, printing its job
     * headers; with a kill point, kills it with SIGKILL once the point is reached. Returns the exit
     * code (137 when killed).
     */
    private int run(Path scratch, String name, Path lakeDir, String date, Map<String, String> environment, KillPoint kill,
                    String... more) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(scratch.resolve("logs").resolve(name));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("-Duser.timezone") || argument.startsWith("-Dltvlake.home")
                    || argument.startsWith("-Dlog4j2.configurationFile")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx2g", "-XX:+UseG1GC", "-Dltvlake.log.dir=" + logs, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--date", date, "--lake", lakeDir.toString(), "--env", lake.env));
        command.addAll(List.of(more));
        for (Map.Entry<String, String> entry : lake.overrides.entrySet()) {
            command.addAll(List.of("--set", entry.getKey() + "=" + entry.getValue()));
        }
        if (lake.confDir != null) {
            command.addAll(List.of("--conf-dir", lake.confDir.toAbsolutePath().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LTVLAKE_"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> printed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> job = new AtomicReference<>("");
        Pattern header = Pattern.compile("^\\[\\d+/\\d+] (\\S+) .*");
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter output = new PrintWriter(Files.newBufferedWriter(logs.resolve("output.txt")), true)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.println(line);
                    var matcher = header.matcher(line);
                    if (matcher.matches()) {
                        job.set(matcher.group(1));
                        System.out.println("   | " + line);
                    }
                    if (job.get().equals(kill == null ? "" : kill.job())) {
                        printed.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed mid-line; what it printed so far is in output.txt
            }
        }, "crash-test-output");
        pump.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        boolean killed = false;
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (kill != null && !killed && job.get().equals(kill.job()) && kill.reached().reached(lakeDir, List.copyOf(printed))) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block, no rollback from the client
                killed = true;
                System.out.println("   kill -9 " + process.pid() + " during " + kill.job() + " after "
                        + TextTable.duration(Duration.ofNanos(System.nanoTime() - started)) + (kill.job().equals("publish") ? ""
                        : "; committed then: " + committedTables(lakeDir)));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
            System.out.println("   did not finish in " + timeoutMinutes + " min; killed");
            return -1;
        }
        pump.join(10_000);
        System.out.println("   exit " + process.exitValue() + " after " + TextTable.duration(Duration.ofNanos(System.nanoTime() - started))
                + " (output: " + logs.resolve("output.txt") + ")");
        return process.exitValue();
    }

    /** The silver and gold tables with at least one commit, for the line that says where the kill landed. */
    private static String committedTables(Path lakeDir) throws IOException {
        List<String> tables = new ArrayList<>();
        for (String layer : List.of("silver", "gold")) {
            Path root = lakeDir.resolve(layer);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.sorted().toList()) {
                    try (Stream<Path> log = Files.isDirectory(dir.resolve("_delta_log")) ? Files.list(dir.resolve("_delta_log")) : Stream.empty()) {
                        if (log.anyMatch(p -> p.toString().endsWith(".json"))) {
                            tables.add(layer + "." + dir.getFileName());
                        }
                    }
                }
            }
        }
        return tables.isEmpty() ? "none" : String.join(", ", tables);
    }

    // ---------------------------------------------------------------- PostgreSQL

    /** Per mart: row count and an md5 of its rows as text, doubles to 6 decimals (their last bits depend on summing order). */
    static Map<String, String> martFingerprints(Connection bi) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Statement statement = bi.createStatement(); ResultSet result = statement.executeQuery(
                "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts'"
                        + " order by table_name, ordinal_position")) {
            while (result.next()) {
                String column = "\"" + result.getString(2) + "\"";
                String type = result.getString(3);
                columns.computeIfAbsent(result.getString(1), t -> new ArrayList<>()).add(type.equals("double precision")
                        ? "round(" + column + "::numeric, 6)::text" : column + "::text");
            }
        }
        Map<String, String> fingerprints = new TreeMap<>();
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            String row = "concat_ws('|', " + String.join(", ", table.getValue().stream()
                    .map(c -> "coalesce(" + c + ", '<null>')").toList()) + ")";
            try (Statement statement = bi.createStatement(); ResultSet result = statement.executeQuery("select count(*) || ' rows, '"
                    + " || coalesce(md5(string_agg(r, E'\\n' order by r)), '') from (select " + row + " as r from marts.\""
                    + table.getKey() + "\") t")) {
                result.next();
                fingerprints.put(table.getKey(), result.getString(1));
            }
        }
        return fingerprints;
    }

    private static Map<String, String> martFingerprints(EmbeddedBiDatabase database) throws SQLException {
        try (Connection bi = DriverManager.getConnection(database.jdbcUrl(), "ltvlake_bi", BI_PASSWORD)) {
            return martFingerprints(bi);
        }
    }

    /** A BI user reading every mart in a loop while a publish runs and dies, comparing each read with yesterday's. */
    private static final class MartReader {
        record Result(int reads, int failures, int changed, String firstProblem) {}

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger reads = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger changed = new AtomicInteger();
        private final AtomicReference<String> firstProblem = new AtomicReference<>();
        private Thread thread;

        static MartReader start(EmbeddedBiDatabase database, Map<String, String> yesterday) {
            MartReader reader = new MartReader();
            reader.thread = new Thread(() -> {
                while (reader.running.get()) {
                    try (Connection bi = DriverManager.getConnection(database.jdbcUrl(), "ltvlake_bi", BI_PASSWORD)) {
                        Map<String, String> read = martFingerprints(bi);
                        reader.reads.incrementAndGet();
                        if (!read.equals(yesterday)) {
                            reader.changed.incrementAndGet();
                            reader.firstProblem.compareAndSet(null, "read " + read.size() + " marts, expected " + yesterday.size());
                        }
                    } catch (SQLException e) {
                        reader.failures.incrementAndGet();
                        reader.firstProblem.compareAndSet(null, e.getSQLState() + " " + e.getMessage());
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "crash-test-bi-reader");
            reader.thread.start();
            return reader;
        }

        Result stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return new Result(reads.get(), failures.get(), changed.get(), firstProblem.get());
        }
    }
}
