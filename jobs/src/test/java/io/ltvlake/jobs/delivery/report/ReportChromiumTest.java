package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium loads the page from a file (no network) and the
 * page's own check confirms that every chart drew and nothing was logged. Two broken pages show
 * that the check does catch a chart without a size and a script the page did not ship.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportChromiumTest {

    private Path chromium;

    @TempDir
    Path dir;

    /** Per test, so each one is reported as skipped (with the reason) when Chromium is absent. */
    @BeforeEach
    void findChromium() {
        chromium = ReportBrowser.require();
    }

    private Path write(String name, String html) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void everyChartRendersAndThePageLogsNothing() throws Exception {
        ReportBrowser.Verdict verdict = ReportBrowser.open(chromium, write("report.html", ReportPage.render(ReportFixtures.complete())));
        assertEquals("", verdict.attribute("data-problems"), "the page logged or was refused something");
        assertEquals("", verdict.attribute("data-blank-charts"), "charts without a size or marks");
        assertEquals("11", verdict.attribute("data-charts"));   // the journey funnel and the waterfall added 2
        assertEquals(ReportPage.RENDERED, verdict.status());
        assertEquals(List.of(), verdict.consoleLines(), "console output of the page");
        // the hostile labels arrived as text, not as elements
        assertTrue(verdict.dom().contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped label in the DOM");
        assertTrue(!verdict.dom().contains("<img"), "no element was injected");
    }

    @Test
    void aReportWithMissingMartsRendersToo() throws Exception {
        ReportBrowser.Verdict verdict = ReportBrowser.open(chromium,
                write("partial.html", ReportPage.render(ReportFixtures.withoutAttributionAndFunnel())));
        assertEquals(ReportPage.RENDERED, verdict.status(), verdict.attributes().toString());
        assertEquals("7", verdict.attribute("data-charts"));
    }

    @Test
    void theCheckCatchesAChartWithoutASize() throws Exception {
        String html = ReportPage.render(ReportFixtures.complete())
                .replaceFirst("width=\"760\" height=\"([0-9.]+)\" viewBox", "width=\"0\" height=\"0\" viewBox");
        ReportBrowser.Verdict verdict = ReportBrowser.open(chromium, write("blank.html", html));
        assertEquals("failed", verdict.status());
        assertEquals("Purchase orders against deals by month", verdict.attribute("data-blank-charts"));
    }

    @Test
    void theCheckCatchesAScriptThePageDidNotShip() throws Exception {
        String html = ReportPage.render(ReportFixtures.complete())
                .replace("<footer>", "<script>console.error('injected')</script><footer>");
        ReportBrowser.Verdict verdict = ReportBrowser.open(chromium, write("injected.html", html));
        assertEquals("failed", verdict.status(), verdict.attributes() + " " + verdict.consoleLines());
        assertTrue(verdict.attribute("data-problems").contains("blocked: inline script-src"), verdict.attributes().toString());
        assertTrue(verdict.consoleLines().stream().noneMatch(l -> l.contains("\"injected\"")), "the script did not run");
    }

    @Test
    void aScreenshotOfTheReportIsAPicture() throws Exception {
        Path png = dir.resolve("report.png");
        ReportBrowser.screenshot(chromium, write("shot.html", ReportPage.render(ReportFixtures.complete())), png, 1000, 800);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
        assertTrue(bytes.length > 20_000, "a page with charts, not a blank image: " + bytes.length + " bytes");
    }
}
