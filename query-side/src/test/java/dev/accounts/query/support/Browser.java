package dev.accounts.query.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Debian's chromedriver, as a person at a laptop (or a phone) would use a page:
 * waits on conditions with a deadline, screenshots into {@code target/admin-screenshots/}, axe-core checks, and the
 * browser console read for script errors and Content-Security-Policy violations. Missing Chromium or chromedriver
 * is a failure, never a skip.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension LAPTOP = new Dimension(1366, 900);
    public static final Dimension PHONE = new Dimension(390, 844);
    private static final Path CHROMIUM = Path.of(System.getProperty("accounts.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("accounts.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "admin-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final String base;
    private final List<String> consoleProblems = new ArrayList<>();
    private int screenshots;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Starts headless Chromium at laptop size; pages are opened relative to {@code base}. */
    public static Browser start(String base) {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver; .ci/run installs it)").isExecutable();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(logFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--lang=en-US", "--force-device-scale-factor=1",
                "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, base);
    }

    /** The log of chromedriver, beside a screenshots folder emptied of an earlier run's pictures. */
    private static File logFile() {
        try {
            Files.createDirectories(SCREENSHOTS);
            try (var earlier = Files.newDirectoryStream(SCREENSHOTS, "*.png")) {
                for (Path picture : earlier) {
                    Files.delete(picture);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Path.of("target", "chromedriver.log").toFile();
    }

    public WebDriver driver() {
        return driver;
    }

    public void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    public <T> T waitUntil(Function<WebDriver, T> condition, String what) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what)
                .ignoring(StaleElementReferenceException.class) // the page redrew what was being read
                .until(condition);
    }

    public WebElement visible(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator), "visible: " + locator);
    }

    /** Waits until the page's main heading says this. */
    public void heading(String text) {
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("main h1"), text), "a page headed '" + text + "'");
    }

    /** Waits for a visible element of this tag (or {@code *}) whose text contains this. */
    public WebElement text(String tag, String contains) {
        return visible(By.xpath("//" + tag + "[contains(normalize-space(.), " + literal(contains) + ")]"));
    }

    /** The form control labelled this (the label's text up to any required-field star). */
    public WebElement field(String label) {
        WebElement labelElement = visible(By.xpath("//label[normalize-space(text()[1]) = " + literal(label) + "]"));
        return driver.findElement(By.id(labelElement.getAttribute("for")));
    }

    public void type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
    }

    /** The messages shown under a field. */
    public String errorOf(String label) {
        WebElement input = field(label);
        String errorId = input.getAttribute("aria-describedby").replaceAll(".* ", "");
        return waitUntil(d -> {
            String shown = d.findElement(By.id(errorId)).getText();
            return shown.isBlank() ? null : shown;
        }, "an error under '" + label + "'");
    }

    public void click(String buttonOrLinkText) {
        By locator = By.xpath("//button[normalize-space(.) = " + literal(buttonOrLinkText) + "] | //a[normalize-space(.) = "
                + literal(buttonOrLinkText) + "]");
        waitUntil(ExpectedConditions.elementToBeClickable(locator), "clickable: " + buttonOrLinkText).click();
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Saves the window as {@code target/admin-screenshots/NN-name.png} and answers its path. */
    public Path screenshot(String name) {
        try {
            Path target = SCREENSHOTS.resolve("%02d-%s.png".formatted(++screenshots, name));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when the page is wider than the window: nothing may need sideways scrolling but a table of its own. */
    public void assertFitsTheWindow(String page) {
        Object overflow = script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("pixels of " + page + " beyond the window's width").isLessThanOrEqualTo(0);
    }

    /** Runs axe-core on the page as it is and fails on any critical violation; answers every violation found. */
    public List<Rule> assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.getErrorMessage()).as("axe-core ran on " + page).isNull();
        List<Rule> violations = results.getViolations();
        System.out.printf("axe on %s: %d rules passed, %d violated%n", page, results.getPasses().size(), violations.size());
        violations.forEach(rule -> System.out.printf("axe on %s: %s (%s) on %d element(s): %s%n", page, rule.getId(),
                rule.getImpact(), rule.getNodes().size(), rule.getHelp()));
        assertThat(violations).as("critical accessibility violations on " + page)
                .filteredOn(rule -> "critical".equals(rule.getImpact())).isEmpty();
        return violations;
    }

    /** Reads the browser console since the last call: script errors and CSP refusals are failures. */
    public void assertCleanConsole() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            // a refused call (a 400 or 401 the page shows) is logged by Chromium; that is the page working
            if (message.contains("Content Security Policy") || message.contains("Uncaught")
                    || entry.getLevel() == Level.SEVERE && !message.contains("the server responded with a status of")) {
                consoleProblems.add(message);
            }
        }
        assertThat(consoleProblems).as("browser console problems").isEmpty();
    }

    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
