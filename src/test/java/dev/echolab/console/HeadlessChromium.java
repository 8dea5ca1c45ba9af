package dev.echolab.console;

import dev.echolab.MissingTool;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The Chromium and chromedriver that Debian installs, driven by Selenium with no download: the binary and the
 * driver are given by path, so Selenium Manager is never asked for anything.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /** {@code @NeedsTool(HeadlessChromium.Installed.class)}: the browser and its driver are where Debian puts them. */
    static final class Installed implements MissingTool.Probe {

        @Override
        public Optional<String> missing() {
            if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
                return Optional.empty();
            }
            return Optional.of("the browser test needs " + BROWSER + " and " + DRIVER + "; on Debian/Ubuntu: "
                    + "apt-get install -y --no-install-recommends chromium chromium-driver");
        }
    }

    /** A browser whose downloads land in {@code profile/downloads} without asking. */
    static ChromeDriver start(Path profile, int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads(profile).toString(),
                        "download.prompt_for_download",
                        false));
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createDirectories(profile),
                "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    static Path downloads(Path profile) throws IOException {
        return Files.createDirectories(profile.resolve("downloads"));
    }
}
