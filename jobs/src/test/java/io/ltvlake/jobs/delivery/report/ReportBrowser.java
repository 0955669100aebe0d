package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.fail;

import io.ltvlake.common.lake.LocalFolders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a report in headless Chromium (the Debian package {@code chromium}) and reads back what
 * the page's own check wrote into {@code #render-check}, plus anything the page logged to the
 * console. Without Chromium the calling test is skipped with a message, unless {@code
 * LTVLAKE_REQUIRE_CHROMIUM=1} (CI sets it), where it fails.
 */
public final class ReportBrowser {

    /** Where to look: $LTVLAKE_CHROMIUM, then the usual names on PATH and in /usr/bin. */
    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    /** What the page reported: the marker's text and attributes, and the page's console lines from Chromium's log. */
    public record Verdict(String status, Map<String, String> attributes, List<String> consoleLines, String dom) {
        public String attribute(String name) {
            return attributes.getOrDefault(name, "");
        }
    }

    private ReportBrowser() {}

    public static Optional<Path> find() {
        String configured = System.getenv("LTVLAKE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        List<Path> places = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            CANDIDATES.forEach(name -> places.add(Path.of(dir, name)));
        }
        CANDIDATES.forEach(name -> places.add(Path.of("/usr/bin", name)));
        return places.stream().filter(Files::isExecutable).findFirst();
    }

    /** Chromium, or the test stops here: skipped for a developer without it, failed where it is required. */
    public static Path require() {
        Optional<Path> chromium = find();
        if (chromium.isEmpty()) {
            String message = "headless Chromium not found (looked for " + CANDIDATES + " on PATH, or set LTVLAKE_CHROMIUM); "
                    + "install it with: apt-get install -y chromium";
            if ("1".equals(System.getenv("LTVLAKE_REQUIRE_CHROMIUM"))) {
                fail(message + " (LTVLAKE_REQUIRE_CHROMIUM=1: CI must run the browser test)");
            }
            Assumptions.abort(message + "; the browser test is skipped");
        }
        return chromium.get();
    }

    private static List<String> command(Path chromium, Path profile) {
        return new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    }

    /** Loads the page, lets its scripts run, and returns what the check wrote and what the page logged. */
    public static Verdict open(Path chromium, Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("ltvlake-chromium");
        List<String> command = command(chromium, profile);
        command.addAll(List.of("--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
        Run run = run(command, profile);
        Matcher marker = Pattern.compile("<div id=\"render-check\"([^>]*)>([^<]*)</div>").matcher(run.stdout());
        if (!marker.find()) {
            fail("the dumped page has no #render-check marker; Chromium said:\n" + run.stderr());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = Pattern.compile("([a-z-]+)(?:=\"([^\"]*)\")?").matcher(marker.group(1));
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2) == null ? "" : attribute.group(2)
                    .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        // Chromium logs each console message of the page as "...:CONSOLE(line)] "text", source: ..." (any level)
        List<String> console = run.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Verdict(marker.group(2).strip(), attributes, console, run.stdout());
    }

    /** A PNG of the page's first {@code width} x {@code height} pixels. */
    public static void screenshot(Path chromium, Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("ltvlake-chromium");
        List<String> command = command(chromium, profile);
        command.addAll(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--virtual-time-budget=5000",
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
        run(command, profile);
    }

    private record Run(String stdout, String stderr) {}

    private static Run run(List<String> command, Path profile) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ltvlake-chromium", ".out");
        Path err = Files.createTempFile("ltvlake-chromium", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Chromium did not finish within 180 s: " + String.join(" ", command));
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail("Chromium exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n" + stderr);
            }
            return new Run(Files.readString(out, StandardCharsets.UTF_8), stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            LocalFolders.delete(dir);
        } catch (IOException e) {
            // a browser helper may still be writing its profile; it is a temp folder
        }
    }
}
