package io.ltvlake.it;

import io.ltvlake.common.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a JVM of its own, as bin/ltvlake does: the tools jar plus the local classpath
 * the tools module wrote (the job classes, Spark, Delta), Spark's Java 17 flags,
 * conf/log4j2.properties with the log file in a folder of the test's. The environment is this one's without any AWS_ or LTVLAKE_ variable,
 * plus what the test gives.
 */
final class Launcher {

    /** What a run printed on standard output and error (merged), and the log file it wrote. */
    record Ran(int exitCode, String output, String log, Duration took) {}

    private Launcher() {}

    static Ran cli(Path logDir, Map<String, String> environment, Duration timeout, String... args) {
        Path home = TestSpark.projectRoot();
        Path jar = home.resolve("tools/target/ltvlake-tools.jar");
        Path classpathFile = home.resolve("tools/target/local-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("run the tools module's package phase first (mvn verify does): no " + jar
                    + " or " + classpathFile);
        }
        try {
            Files.createDirectories(logDir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // the same module flags surefire gave this JVM (pom.xml spark.java17.flags)
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens")).forEach(command::add);
            command.addAll(List.of("-Xmx2g", "-XX:+UseG1GC", "-Duser.timezone=UTC",
                    "-Dltvlake.home=" + home, "-Dltvlake.log.dir=" + logDir,
                    "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
                    "-cp", jar + java.io.File.pathSeparator + Files.readString(classpathFile).strip(),
                    "io.ltvlake.tools.ToolsMain"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LTVLAKE_"));
            builder.environment().putAll(environment);
            Path output = Files.createTempFile(logDir, "output", ".txt");
            builder.redirectOutput(output.toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("ltvlake " + String.join(" ", args) + " did not finish in " + timeout + ":\n"
                        + Files.readString(output));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Path log = logDir.resolve("ltvlake.log");
            return new Ran(process.exitValue(), Files.readString(output),
                    Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "", took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
