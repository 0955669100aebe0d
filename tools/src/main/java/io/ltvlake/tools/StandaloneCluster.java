package io.ltvlake.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone master and one worker on loopback, as separate JVMs, made from the Spark
 * jars of the local build: they are linked into a SPARK_HOME of our own ({@code jars/}), which is
 * also where the worker's executors take their classpath from, as on a real installation. Only
 * Spark's own jars are there; the job's code and Delta reach the executors through spark-submit.
 * {@link #close()} stops the worker (and its executors) and the master.
 */
final class StandaloneCluster implements AutoCloseable {

    /** Loopback only: nothing here listens on the machine's other addresses. */
    static final String HOST = "127.0.0.1";

    private final Path sparkHome;
    private final Path logs;
    private final String masterUrl;
    private final List<Process> processes = new ArrayList<>();
    private final Thread onExit = new Thread(this::stopProcesses, "ltvlake-cluster-stop");

    private StandaloneCluster(Path sparkHome, Path logs, String masterUrl) {
        this.sparkHome = sparkHome;
        this.logs = logs;
        this.masterUrl = masterUrl;
    }

    /** Starts a master and a worker with {@code cores} and {@code memory}, and waits until the worker has registered. */
    static StandaloneCluster start(Path work, List<Path> sparkJars, int cores, String memory, Duration timeout,
                                   PrintStream out) throws IOException {
        Path sparkHome = sparkHome(work.resolve("spark-home"), sparkJars);
        Path logs = Files.createDirectories(work.resolve("logs"));
        int masterPort = freePort();
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, logs, "spark://" + HOST + ":" + masterPort);
        Runtime.getRuntime().addShutdownHook(cluster.onExit);
        try {
            Path masterLog = logs.resolve("master.log");
            cluster.launch("org.apache.spark.deploy.master.Master", "512m", masterLog,
                    "--host", HOST, "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
            waitFor(masterLog, "I have been elected leader", timeout, "the master");
            out.println("  master   " + cluster.masterUrl + "  (log " + masterLog + ")");
            Path workerLog = logs.resolve("worker.log");
            cluster.launch("org.apache.spark.deploy.worker.Worker", "512m", workerLog,
                    "--host", HOST, "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                    "--cores", String.valueOf(cores), "--memory", memory,
                    "--work-dir", Files.createDirectories(work.resolve("worker")).toString(), cluster.masterUrl);
            waitFor(workerLog, "Successfully registered with master", timeout, "the worker");
            out.println("  worker   " + cores + " cores, " + memory + "  (log " + workerLog + ")");
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The JVM flags Spark needs on Java 17 (Spark's own list) and a classpath of exactly Spark's jars. */
    List<String> java(String memory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+")));
        command.addAll(List.of("-Xmx" + memory, "-XX:+UseG1GC", "-Duser.timezone=UTC",
                "-cp", sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + "/*"));
        return command;
    }

    /** The environment every process of the cluster (and the driver) runs with. */
    Map<String, String> environment() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", HOST, "SPARK_SCALA_VERSION", "2.12",
                "SPARK_NO_DAEMONIZE", "1");
    }

    /** Runs a command with the cluster's environment, printing its output indented as it comes; returns its exit code. */
    int run(List<String> command, Path log, Duration timeout, PrintStream out) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process process = builder.start();
        processes.add(process);
        Thread pump = new Thread(() -> copy(process, log, out), "ltvlake-submit-output");
        pump.start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                stop(process);
                pump.join(5_000);
                throw new IllegalStateException("spark-submit did not finish in " + timeout + " (log " + log + ")");
            }
            pump.join(10_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException("interrupted", e);
        } finally {
            processes.remove(process);
        }
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: the processes are stopped either way
        }
    }

    private synchronized void stopProcesses() {
        // the worker (started last) first, with its executors, then the master
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        processes.clear();
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void launch(String mainClass, String memory, Path log, String... args) throws IOException {
        List<String> command = java(memory);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment());
        processes.add(builder.start());
    }

    private static void copy(Process process, Path log, PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintStream file = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                file.println(line);
                out.println("  | " + line);
            }
        } catch (IOException e) {
            out.println("  | (output lost: " + e.getMessage() + ")");
        }
    }

    /**
     * SPARK_HOME with {@code jars/} linking the given jars, and {@code conf/log4j2.properties}
     * so the master, worker and executors log at WARN.
     */
    private static Path sparkHome(Path home, List<Path> sparkJars) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> names = new LinkedHashSet<>();
        for (Path jar : sparkJars) {
            if (Files.isRegularFile(jar) && names.add(jar.getFileName().toString())) {
                Path link = jars.resolve(jar.getFileName());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                // readiness is read from these two lines of the master's and the worker's logs
                "logger.master.name = org.apache.spark.deploy.master.Master", "logger.master.level = info",
                "logger.worker.name = org.apache.spark.deploy.worker.Worker", "logger.worker.level = info", ""));
        return home;
    }

    private static void waitFor(Path log, String line, Duration timeout, String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(log) && Files.readString(log).contains(line)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        String tail = Files.isRegularFile(log) ? String.join("\n", Files.readAllLines(log).stream()
                .skip(Math.max(0, Files.readAllLines(log).size() - 20)).toList()) : "(no log)";
        throw new IllegalStateException(what + " did not start in " + timeout + "; last lines of " + log + ":\n" + tail);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
