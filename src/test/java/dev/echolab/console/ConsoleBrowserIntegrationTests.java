package dev.echolab.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.NeedsTool;
import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.stress.StressRuns;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a newcomer does on {@code /}, in a real headless Chromium: reads the table of models, stops and starts a
 * server (typing the credentials into the page's dialog, a wrong password first), stresses two models through
 * the form, watches the progress bar and the live charts, reads the results side by side and downloads them as
 * CSV, Markdown and JSON; then, in a browser without server-sent events, sees a bad request's problem and
 * cancels a run that the page follows by polling; filters the run history by model, compares a base and a candidate
 * run it picks, and two models within a run.
 * Each test fails on any error in the browser console.
 * Leaves a screenshot at 1280x900 in target/console.png (and a phone-width one in target/console-phone.png);
 * {@code -Dconsole.screenshot=docs/console.png} also copies it there for the README. Without Chromium the class is
 * skipped, before its Spring context loads; under {@code CI=true} it fails instead.
 *
 * <p>Over 300 lines: three journeys through the page, each a sequence of clicks and reads in one browser,
 * with the waits that make them reliable; split, each would need the same browser setup.
 */
@EchoLabIntegrationTest
@NeedsTool(HeadlessChromium.Installed.class)
class ConsoleBrowserIntegrationTests {

    private static final List<String> STRESSED = List.of("thread-per-connection", "thread-pool");

    @LocalServerPort
    int port;

    @Autowired
    EchoServers servers;

    @Autowired
    StressRuns runs;

    @TempDir
    Path profile;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws IOException {
        // The context is shared with other test classes, which may have stopped a server; start is idempotent.
        for (String model : List.of("blocking", "thread-per-connection", "thread-pool")) {
            servers.start(IoModel.byId(model).orElseThrow(), null);
        }
        driver = HeadlessChromium.start(profile, 1280, 900);
        // The console re-renders its tables as data arrives: an element found a moment ago may be gone; look again.
        wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aNewcomerStartsStopsAndComparesModelsFromThePage() throws IOException {
        driver.get("http://127.0.0.1:" + port + "/");
        assertThat(driver.getTitle()).isEqualTo("Echo Lab");
        wait.until(d -> state("thread-pool").equals("RUNNING")
                && state("thread-per-connection").equals("RUNNING"));

        stopAndStartFromTheTable("blocking");
        StressRun run = stressThroughTheForm();

        assertThat(run.progressSeen())
                .as("progress values seen while the run went")
                .anyMatch(p -> p > 0 && p < 1);
        for (String chart : List.of("chart-throughput", "chart-latency", "chart-connections")) {
            assertThat(Integer.parseInt(driver.findElement(By.id(chart)).getDomAttribute("data-points")))
                    .as(chart + " points")
                    .isGreaterThanOrEqualTo(2);
        }
        List<WebElement> rows = driver.findElements(By.cssSelector("#result-table tbody tr"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-model")).containsExactlyElementsOf(STRESSED);
        for (WebElement row : rows) {
            assertThat(row.findElement(By.cssSelector("td[data-label=Integrity]"))
                            .getText())
                    .isEqualTo("verified");
            assertThat(row.findElement(By.cssSelector("td[data-label='msg/s']")).getText())
                    .isNotEqualTo("–");
        }
        for (String bars : List.of("bars-throughput", "bars-p99", "bars-cpu")) {
            assertThat(driver.findElements(By.cssSelector("#" + bars + " .bar")))
                    .as(bars)
                    .hasSize(2);
        }
        assertThat(driver.findElement(By.id("run-manifest")).getDomProperty("textContent"))
                .as("the manifest names the addresses loaded")
                .contains("127.0.0.1:");
        String id = driver.findElement(By.cssSelector("#run-list .run-link[aria-current=true]"))
                .getDomAttribute("data-run");
        assertThat(download("download-csv", "echo-lab-" + id + ".csv")).contains(STRESSED);
        assertThat(download("download-md", "echo-lab-" + id + ".md")).contains("|", "thread-pool");
        assertThat(download("download-json", "echo-lab-" + id + ".json")).contains("\"id\":\"" + id + "\"");

        viewport(1280, 900, false);
        driver.executeScript("document.getElementById('stress').scrollIntoView({block: 'start'})");
        screenshot(Path.of("target/console.png"));
        String copy = System.getProperty("console.screenshot");
        if (copy != null && !copy.isBlank()) {
            Files.createDirectories(Path.of(copy).toAbsolutePath().getParent());
            Files.copy(Path.of("target/console.png"), Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
        viewport(390, 844, true);
        assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling on a phone")
                .isLessThanOrEqualTo(390);
        driver.executeScript("document.getElementById('results').scrollIntoView({block: 'start'})");
        screenshot(Path.of("target/console-phone.png"));

        assertThat(consoleErrors()).as("errors in the browser console").isEmpty();
    }

    @Test
    void withoutServerSentEventsTheRunIsPolledAndCanBeCancelledAndBadInputShowsTheProblem() {
        // A browser (or proxy) without server-sent events: the page must fall back to polling GET /api/stress/{id}.
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", "delete window.EventSource;"));
        driver.get("http://127.0.0.1:" + port + "/");
        assertThat(driver.executeScript("return 'EventSource' in window")).isEqualTo(false);
        wait.until(d -> state("thread-pool").equals("RUNNING"));
        driver.findElement(By.cssSelector("[data-select=none]")).click();
        driver.findElement(By.cssSelector("input[name=models][value='thread-pool']"))
                .click();
        type("connections", "0");
        driver.findElement(By.id("start-run")).click();
        typeCredentials(EchoLabIntegrationTest.PASSWORD);

        WebElement alert = wait.until(d -> d.findElement(By.cssSelector("#alerts .alert")));
        assertThat(alert.getText()).contains("Invalid request", "connections");
        assertThat(driver.findElement(By.name("connections")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");

        type("connections", "10");
        type("durationSeconds", "60");
        driver.findElement(By.id("start-run")).click();
        wait.until(d -> d.findElement(By.id("run-state")).getText().startsWith("RUNNING")
                && Integer.parseInt(d.findElement(By.id("chart-throughput")).getDomAttribute("data-points")) >= 2);
        driver.findElement(By.id("cancel-run")).click();

        wait.until(d -> d.findElement(By.id("run-state")).getText().startsWith("CANCELLED"));
        assertThat(driver.findElement(By.id("results-meta")).getText()).contains("CANCELLED");
        assertThat(driver.findElement(By.id("start-run")).isEnabled()).isTrue();
        assertThat(consoleErrors()).as("errors in the browser console").isEmpty();
    }

    @Test
    void theHistoryFiltersByModelAndComparesTwoPickedRuns() throws Exception {
        String base = finishedRun("thread-pool");
        String candidate = finishedRun("thread-pool\",\"thread-per-connection");
        driver.get("http://127.0.0.1:" + port + "/");
        wait.until(d -> !d.findElements(By.cssSelector("#run-list [data-run='" + candidate + "']"))
                .isEmpty());
        assertThat(driver.findElement(By.id("history-page")).getText()).startsWith("page 1 of");

        new Select(driver.findElement(By.id("history-model"))).selectByValue("thread-per-connection");
        wait.until(d -> d.findElements(By.cssSelector("#run-list .run-link[data-run='" + base + "']"))
                .isEmpty());
        assertThat(driver.findElements(By.cssSelector("#run-list .run-link[data-run='" + candidate + "']")))
                .as("the filter keeps runs that loaded the model")
                .hasSize(1);
        new Select(driver.findElement(By.id("history-model"))).selectByValue("");
        wait.until(d -> !d.findElements(By.cssSelector("#run-list .run-pick[data-run='" + base + "']"))
                .isEmpty());

        assertThat(driver.findElement(By.id("history-compare")).isEnabled()).isFalse();
        driver.findElement(By.cssSelector("#run-list .run-pick.base[data-run='" + base + "']"))
                .click();
        driver.findElement(By.cssSelector("#run-list .run-pick.candidate[data-run='" + candidate + "']"))
                .click();
        assertThat(driver.findElement(By.id("history-picked")).getText())
                .isEqualTo("base " + base + " · candidate " + candidate);
        driver.findElement(By.id("history-compare")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("comparison")));
        assertThat(driver.findElement(By.id("comparison-title")).getText()).contains(base, candidate);
        List<String> verdicts = driver.findElements(By.cssSelector("#comparison-rows .verdict")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(verdicts)
                .as("five metrics of thread-pool")
                .hasSize(5)
                .allMatch(v -> List.of("better", "worse", "same", "inconclusive", "unknown")
                        .contains(v));
        assertThat(driver.findElement(By.cssSelector("#comparison-rows tr.absent"))
                        .getText())
                .contains("thread-per-connection", "only in the candidate runs");
        assertThat(driver.findElement(By.id("comparison-method")).getText()).contains("Mann-Whitney");

        // The candidate run alone, as the base set: its two models against each other.
        driver.findElement(By.cssSelector("#run-list .run-pick.candidate[data-run='" + candidate + "']"))
                .click();
        driver.findElement(By.cssSelector("#run-list .run-pick.base[data-run='" + base + "']"))
                .click();
        driver.findElement(By.cssSelector("#run-list .run-pick.base[data-run='" + candidate + "']"))
                .click();
        assertThat(driver.findElement(By.id("compare-models")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("history-picked")).getText())
                .isEqualTo("within base " + candidate + ": thread-per-connection against thread-pool");
        driver.findElement(By.id("history-compare")).click();
        wait.until(d -> d.findElement(By.cssSelector("#comparison-rows th"))
                .getText()
                .contains("thread-per-connection vs thread-pool"));
        assertThat(consoleErrors()).as("errors in the browser console").isEmpty();
    }

    /** A short run over the API, waited for until the history database has it. */
    private String finishedRun(String models) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stress"))
                                .header("Content-Type", "application/json")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((EchoLabIntegrationTest.USERNAME + ":"
                                                                        + EchoLabIntegrationTest.PASSWORD)
                                                                .getBytes()))
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"models\":[\"" + models
                                        + "\"],\"connections\":5," + "\"durationSeconds\":0.3,\"warmupSeconds\":0}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = response.body().replaceFirst("^\\{\"id\":\"([^\"]+)\".*", "$1");
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100))
                .until(d -> runs.find(id)
                        .map(r -> r.storage().status().equals("STORED"))
                        .orElse(false));
        return id;
    }

    private void stopAndStartFromTheTable(String model) {
        button(model, "stop").click();
        typeCredentials("wrong-password");
        // The API says 401: the dialog comes back, saying so, and the stop goes through with the right password.
        wait.until(d -> d.findElement(By.id("login-reason")).getText().contains("refused"));
        typeCredentials(EchoLabIntegrationTest.PASSWORD);
        wait.until(d -> state(model).equals("STOPPED"));
        assertThat(row(model).findElement(By.cssSelector("td[data-label=Port]")).getText())
                .isEqualTo("–");

        button(model, "start").click();
        wait.until(d -> state(model).equals("RUNNING"));
        assertThat(driver.findElement(By.id("login")).getDomAttribute("open"))
                .as("asked only once")
                .isNull();
    }

    private StressRun stressThroughTheForm() {
        driver.findElement(By.cssSelector("[data-select=none]")).click();
        for (String model : STRESSED) {
            driver.findElement(By.cssSelector("input[name=models][value='" + model + "']"))
                    .click();
        }
        type("connections", "20");
        type("durationSeconds", "2");
        driver.findElement(By.cssSelector(".advanced summary")).click();
        type("warmupSeconds", "0");
        driver.findElement(By.cssSelector(".advanced summary")).click();
        driver.findElement(By.id("start-run")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cancel-run")));

        TreeSet<Double> progress = new TreeSet<>();
        new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofMillis(100)).until(d -> {
            progress.add(((Number) driver.executeScript("return document.getElementById('run-progress').value"))
                    .doubleValue());
            return driver.findElement(By.id("results")).isDisplayed()
                    && !driver.findElement(By.id("cancel-run")).isDisplayed();
        });
        assertThat(driver.findElement(By.id("run-state")).getText()).startsWith("SUCCEEDED");
        assertThat(driver.executeScript("return document.activeElement.id"))
                .as("keyboard focus moves to the results it announces")
                .isEqualTo("results-title");
        return new StressRun(progress);
    }

    private record StressRun(TreeSet<Double> progressSeen) {}

    /** Clicks a download button and reads the file the browser saves. */
    private String download(String button, String file) throws IOException {
        Path saved = HeadlessChromium.downloads(profile).resolve(file);
        driver.findElement(By.id(button)).click();
        wait.until(d -> Files.isRegularFile(saved) && saved.toFile().length() > 0);
        return Files.readString(saved);
    }

    private void typeCredentials(String password) {
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        WebElement field = dialog.findElement(By.name("password"));
        field.clear();
        field.sendKeys(password);
        dialog.findElement(By.id("login-ok")).click();
    }

    private void type(String name, String value) {
        WebElement input = driver.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    private WebElement row(String model) {
        return driver.findElement(By.cssSelector("#server-table tr[data-model='" + model + "']"));
    }

    private WebElement button(String model, String action) {
        return row(model).findElement(By.cssSelector("button." + action));
    }

    private String state(String model) {
        return row(model).findElement(By.cssSelector(".state")).getText();
    }

    /** The page's viewport, exactly: a window size would include whatever the browser draws around it. */
    private void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private void screenshot(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Console errors, less the failed requests the tests provoke on purpose: Chromium logs every 4xx response,
     * here the 401 of the wrong password and the 400 of zero connections.
     */
    private List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean expected = message.contains("/api/servers/blocking/stop") && message.contains("status of 401")
                    || message.contains("/api/stress ") && message.contains("status of 400");
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expected) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }
}
