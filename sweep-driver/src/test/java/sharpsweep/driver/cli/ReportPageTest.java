package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze}'s report.html in a real browser: headless Chromium (Debian's {@code chromium}, which
 * .ci/run installs) loads the page from disk with the network off, logs no console message, decodes every
 * image, and leaves a screenshot in target/report-page.png.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class ReportPageTest {
    @TempDir
    Path tmp;

    @Test
    void theReportLoadsWithoutErrorsAndEveryImageDecodes() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, AnalyzeCommandTest.CONFIG);
        Path table = tmp.resolve("table");
        assertEquals(0, CliCapture.run("run", config.toString(), "--out", table.toString(), "--master", "local[2]")
                .exitCode());
        CliCapture analyze = CliCapture.run("analyze", table.toString(), "--master", "local[2]");
        assertEquals(0, analyze.exitCode(), analyze.err());
        Path page = tmp.resolve("table-analysis").resolve("report.html");
        long pngs = analyze.out().lines().filter(l -> l.startsWith("plot ") && !l.contains("skipped")).count();
        assertTrue(pngs >= 8, analyze.out());

        Path screenshot = Path.of("target", "report-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        String dom = chromium(tmp, "--dump-dom", page.toUri().toString());
        Matcher m = Pattern.compile("images decoded: (\\d+) of (\\d+)").matcher(dom);
        assertTrue(m.find(), "the page's load handler ran:\n" + dom.substring(0, Math.min(dom.length(), 2000)));
        assertEquals(pngs, Long.parseLong(m.group(2)), "one image per plot");
        assertEquals(m.group(2), m.group(1), "every image decodes");
        chromium(tmp, "--screenshot=" + screenshot, "--window-size=1400,2400", page.toUri().toString());
        assertTrue(Files.size(screenshot) > 50_000, "a screenshot of the page: " + screenshot);
    }

    /** Runs headless Chromium, network off, and returns its stdout; fails on any console message in its log. */
    private static String chromium(Path tmp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-proxy-server", "--proxy-bypass-list=*",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out");
        Path err = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finishes");
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(err);
        assertEquals(0, p.exitValue(), log);
        List<String> console = log.lines().filter(l -> l.contains("CONSOLE")).toList();
        assertFalse(!console.isEmpty(), "console messages: " + console);
        return Files.readString(out);
    }
}
