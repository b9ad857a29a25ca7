package dev.patientportal.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.testkit.TestPatients;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo in a real browser: Debian's chromium, headless, through chromium-driver, against the demo clinic on a
 * random port (one application and one browser for the whole class). The clinic's pages call the portal's Java API;
 * the patient's pages call portal-spring-web's HTTP API, so these flows cover it end to end. Codes are read from the
 * dev inbox page, as a visitor reads them.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium} and
 * {@code chromium-driver}) the class is skipped, unless {@code CI=true} or {@code PORTAL_REQUIRE_BROWSER=true}: then it
 * fails. Nothing is downloaded at run time: Selenium gets both paths, and a fresh profile directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicWebBrowserTest {
    /** Debian's chromium; {@code -Dportal.chromium=...} points elsewhere. */
    static final Path CHROMIUM = Path.of(System.getProperty("portal.chromium", "/usr/bin/chromium"));
    /** Debian's chromium-driver; {@code -Dportal.chromedriver=...} points elsewhere. */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("portal.chromedriver", "/usr/bin/chromedriver"));

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    /** The application's log, which must hold no personal data and no code. */
    static final Path LOG = Path.of("target/clinic-web-browser.log");

    /** The demo's personal data, and every code the tests read: none may reach the log. */
    final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
            "anna.proba@example.test",
            "bence.teszt@example.test",
            "carmen.ejemplo@example.test",
            "elek.minta@example.test",
            "+36301110001",
            "+36301110002",
            "+36301110003",
            "+36301110005",
            "301110002",
            "111000113",
            "111000223",
            "111000553",
            "Próba",
            "Ejemplo",
            "Minta utca",
            "Calle Falsa",
            DemoData.HIDDEN_FILE,
            "blood-count-2026-11.pdf"));

    /** Every code the tests read from the dev inbox. */
    final List<String> codes = new java.util.concurrent.CopyOnWriteArrayList<>();

    long logStart;

    ConfigurableApplicationContext app;
    String base;
    ChromeDriver driver;
    WebDriverWait wait;
    Path profile;
    String patientWindow;

    @BeforeAll
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))
                    || "true".equalsIgnoreCase(System.getenv("PORTAL_REQUIRE_BROWSER"))) {
                Assertions.fail(message + " (required: CI or PORTAL_REQUIRE_BROWSER is true)");
            }
            // surefire counts a class aborted in @BeforeAll as 0 tests: say so where a developer looks
            System.err.println("[ClinicWebBrowserTest] SKIPPED: " + message);
            Assumptions.abort(message + "; the browser tests are skipped on this machine");
        }
        logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        app = new SpringApplicationBuilder(ClinicWeb.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        "server.port=0",
                        "spring.datasource.url=jdbc:h2:mem:browser_"
                                + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                        "portal.institution.portal-url=http://localhost/portal/",
                        // Selenium's DevTools lookup warns that it has no CDP classes for this chromium: not used here
                        "logging.level.org.openqa.selenium.devtools=ERROR",
                        // everything the portal logs, in a file the class scans for personal data at the end
                        "logging.file.name=" + LOG,
                        "logging.level.dev.patientportal=DEBUG")
                .run();
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");

        // Explicit paths for browser and driver: Selenium Manager has nothing to look up or download.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("clinic-web-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=en-US",
                "--window-size=1000,700",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1000, 700));
        wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
        // the portal's script re-renders lists after each change: an element read mid-render is read again
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (app != null) {
                app.close();
                byte[] all = Files.readAllBytes(LOG);
                String text = new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
                assertThat(text).as("the portal logged something").contains("dev.patientportal");
                for (String secret : secrets) {
                    assertThat(text).as("personal data in the log").doesNotContain(secret);
                }
                assertThat(codes).isNotEmpty();
                for (String code : codes) {
                    assertThat(text).as("a code in the log").doesNotContainPattern("(?<![0-9])" + code + "(?![0-9])");
                }
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    // ---- the clinic's side

    void staffSignIn() {
        driver.get(base + "/clinic/patients");
        if (!driver.findElements(By.id("staff-login")).isEmpty()) {
            driver.findElement(By.id("user")).sendKeys(DemoStaff.USER);
            driver.findElement(By.id("password")).sendKeys(DemoStaff.PASSWORD);
            driver.findElement(By.id("staff-login-submit")).click();
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("patients")));
    }

    void openCard(String patient, String tab) {
        driver.get(base + "/clinic/patients/" + patient + "?tab=" + tab);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("patient-name")));
    }

    String grantState(String attribute) {
        return driver.findElement(By.id(
                        switch (attribute) {
                            case "status" -> "grant-status";
                            case "method" -> "grant-method";
                            default -> "grant-sms-state";
                        }))
                .getDomAttribute("data-" + attribute);
    }

    void submit(String buttonId) {
        WebElement button = driver.findElement(By.id(buttonId));
        button.click();
        // mid-navigation Chromium may answer "node does not belong to the document" instead of a stale element:
        // the page is being replaced either way
        wait.until(d -> {
            try {
                return !button.isEnabled()
                        || ExpectedConditions.stalenessOf(button).apply(d);
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("patient-name")));
    }

    @Test
    @Order(1)
    @DisplayName("staff grant access with each method, switch SMS, change the method, revoke and reinstate")
    void staffGrantAccessWithEachMethod() throws IOException {
        staffSignIn();
        assertThat(driver.findElement(By.id("patients")).getText()).contains("Anna Próba", "Bence Teszt");

        openCard(DemoData.BENCE.value(), "portal");
        assertThat(grantState("status")).isEqualTo("NONE");
        driver.findElement(By.cssSelector("label[for=method-TAJ_AND_PHONE]")).click();
        submit("grant-submit");
        assertThat(driver.findElement(By.id("flash-ok")).isDisplayed()).isTrue();
        assertThat(grantState("status")).isEqualTo("ACTIVE");
        assertThat(grantState("method")).isEqualTo("TAJ_AND_PHONE");
        assertThat(grantState("sms")).isEqualTo("false");

        submit("sms-toggle");
        assertThat(grantState("sms")).isEqualTo("true");
        new Select(driver.findElement(By.id("new-method"))).selectByValue("EMAIL_AND_PHONE");
        submit("method-submit");
        assertThat(grantState("method")).isEqualTo("EMAIL_AND_PHONE");
        new Select(driver.findElement(By.id("new-method"))).selectByValue("TAJ_AND_PHONE");
        submit("method-submit");
        assertThat(grantState("method")).isEqualTo("TAJ_AND_PHONE");
        driver.findElement(By.id("reason")).sendKeys("demo: lost phone");
        submit("revoke-submit");
        assertThat(grantState("status")).isEqualTo("REVOKED");
        submit("reinstate-submit");
        assertThat(grantState("status")).isEqualTo("ACTIVE");

        openCard(DemoData.CARMEN.value(), "portal");
        driver.findElement(By.id("method-EMAIL_AND_PHONE")).click();
        driver.findElement(By.id("grant-sms")).click();
        submit("grant-submit");
        assertThat(grantState("status")).isEqualTo("ACTIVE");
        assertThat(grantState("method")).isEqualTo("EMAIL_AND_PHONE");
        assertThat(grantState("sms")).isEqualTo("true");
        ((JavascriptExecutor) driver)
                .executeScript("window.scrollTo(0, document.querySelector('nav.tabs').offsetTop - 160)");
        screenshot("clinic-patient-card");

        // David has no e-mail on record: e-mail + phone is refused, with the portal's reason
        openCard(DemoData.DAVID.value(), "portal");
        submit("grant-submit");
        assertThat(driver.findElement(By.id("flash-error")).getText()).contains("email");
        assertThat(grantState("status")).isEqualTo("NONE");
    }

    // ---- the patient's side

    /** The highest message id in the dev inbox now: codes sent after it are the new ones. */
    long inboxMark() {
        return withInbox(() -> driver.findElements(By.cssSelector("#inbox article")).stream()
                .mapToLong(a -> Long.parseLong(a.getDomAttribute("data-id")))
                .max()
                .orElse(0));
    }

    /** The code of the newest message of a kind to a recipient after the mark, read from the dev inbox page. */
    String code(String kind, String to, long after) {
        return withInbox(() -> wait.until(d -> {
            d.navigate().refresh();
            for (WebElement a : d.findElements(By.cssSelector("#inbox article"))) {
                if (Long.parseLong(a.getDomAttribute("data-id")) > after
                        && kind.equals(a.getDomAttribute("data-kind"))
                        && to.equals(a.getDomAttribute("data-to"))) {
                    Matcher m = CODE.matcher(
                            a.findElement(By.cssSelector("pre.text")).getText());
                    if (m.find()) {
                        codes.add(m.group(1));
                        return m.group(1);
                    }
                }
            }
            return null;
        }));
    }

    <T> T withInbox(java.util.function.Supplier<T> read) {
        String back = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        try {
            driver.get(base + "/dev/inbox");
            return read.get();
        } finally {
            driver.close();
            driver.switchTo().window(back);
        }
    }

    void openPortal() {
        driver.get(base + "/portal/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    void logoutIfSignedIn() {
        openPortal();
        WebElement logout = driver.findElement(By.id("logout"));
        if (logout.isDisplayed()) {
            logout.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start-form")));
        }
    }

    void startLogin(boolean taj, String identifier, String phone) {
        logoutIfSignedIn();
        driver.findElement(By.id(taj ? "login-method-taj" : "login-method-email"))
                .click();
        driver.findElement(By.id(taj ? "login-taj" : "login-email")).sendKeys(identifier);
        driver.findElement(By.id("login-phone")).sendKeys(phone);
        driver.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code-form")));
    }

    void signedInAs(String givenName) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("hello"), givenName));
        wait.until(d -> !d.findElements(By.cssSelector("#profile dd")).isEmpty());
    }

    void loginWithEmail(String email, String phone, String givenName) {
        long mark = inboxMark();
        startLogin(false, email, phone);
        driver.findElement(By.id("code-EMAIL")).sendKeys(code("EMAIL", email, mark));
        driver.findElement(By.id("code-SMS")).sendKeys(code("SMS", phone, mark));
        driver.findElement(By.id("verify-submit")).click();
        signedInAs(givenName);
    }

    @Test
    @Order(2)
    @DisplayName("a patient granted TAJ + phone logs in with the SMS code from the dev inbox, using the keyboard")
    void patientLogsInWithTaj() {
        long mark = inboxMark();
        String phone = "+36301110002";
        startLogin(true, TestPatients.taj(11100022).digits(), phone);
        WebElement code = driver.findElement(By.id("code-SMS"));
        assertThat(driver.switchTo().activeElement()).isEqualTo(code);
        // a resend within the cool-down answers 429: the page shows Retry-After's wait
        driver.findElement(By.id("resend-SMS")).click();
        WebElement error = driver.findElement(By.id("login-error"));
        wait.until(ExpectedConditions.attributeToBeNotEmpty(error, "data-retry-after"));
        assertThat(error.getText()).contains("Wait " + error.getDomAttribute("data-retry-after") + " seconds");
        code.sendKeys(code("SMS", phone, mark) + Keys.ENTER);
        signedInAs("Bence");
        assertThat(driver.findElement(By.id("profile")).getText()).contains("Teszt", phone);
    }

    @Test
    @Order(3)
    @DisplayName("a patient logs in with both codes and sees only the visible documents; the hidden one answers 404")
    void patientSeesOnlyVisibleDocuments() throws IOException {
        loginWithEmail("anna.proba@example.test", "+36301110001", "Anna");
        wait.until(d -> d.findElements(By.cssSelector("#documents li")).size() == 2);
        String documents = driver.findElement(By.id("documents")).getText();
        assertThat(documents).contains("blood-count-2026-11.pdf", "discharge-summary-2026-10.pdf");
        assertThat(driver.getPageSource()).doesNotContain(DemoData.HIDDEN_FILE);

        Document hidden = staffDocuments().stream()
                .filter(d -> d.state() == DocumentState.HIDDEN)
                .findFirst()
                .orElseThrow();
        String visibleHref = driver.findElement(By.cssSelector("#documents a")).getDomAttribute("href");
        assertThat(status(visibleHref)).isEqualTo(200);
        assertThat(status("/portal/api/documents/" + hidden.id().value() + "/content"))
                .isEqualTo(404);
        assertThat(status("/portal/api/documents/" + hidden.id().value())).isEqualTo(404);

        assertThat(driver.findElement(By.id("history")).getText()).contains("Attended");
        ((JavascriptExecutor) driver)
                .executeScript("document.getElementById('documents-title').scrollIntoView({block: 'start'})");
        screenshot("patient-documents");
    }

    @Test
    @Order(4)
    @DisplayName("the patient books in three clicks, reschedules, cancels, and sees the cancellation in the history")
    void patientBooksReschedulesAndCancels() throws IOException {
        openPortal();
        signedInAs("Anna");
        assertThat(reservationIds()).containsExactly("r-desk-1");

        driver.findElement(By.id("book-start")).click(); // 1
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#slots .slot")));
        assertThat(driver.findElements(By.cssSelector("#slots .slot[data-service=ULTRASOUND]")))
                .as("the ultrasound cannot be self-booked")
                .isEmpty();
        WebElement first = driver.findElement(By.cssSelector("#slots .slot"));
        String firstSlot = first.getDomAttribute("data-slot");
        first.click(); // 2
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-submit")));
        screenshot("booking");
        driver.findElement(By.id("confirm-submit")).click(); // 3
        wait.until(d -> reservationIds().size() == 2);
        assertThat(driver.findElement(By.id("notice")).getText()).startsWith("Booked");
        String booked = reservationIds().stream()
                .filter(id -> !id.equals("r-desk-1"))
                .findFirst()
                .orElseThrow();

        WebElement item = driver.findElement(By.cssSelector("#reservations li[data-reservation='" + booked + "']"));
        String before = item.getText();
        item.findElement(By.cssSelector("button.modify")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#slots .slot")));
        WebElement other = driver.findElements(By.cssSelector("#slots .slot")).stream()
                .filter(s -> !firstSlot.equals(s.getDomAttribute("data-slot")))
                .skip(1)
                .findFirst()
                .orElseThrow();
        other.click();
        driver.findElement(By.id("confirm-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Moved"));
        wait.until(d -> !d.findElement(By.cssSelector("#reservations li[data-reservation='" + booked + "']"))
                .getText()
                .equals(before));

        driver.findElement(By.cssSelector("#reservations li[data-reservation='" + booked + "'] button.cancel"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> reservationIds().equals(List.of("r-desk-1")));
        wait.until(d -> !d.findElements(By.cssSelector("#history li[data-reservation='" + booked + "']"))
                .isEmpty());
        assertThat(driver.findElement(By.cssSelector("#history li[data-reservation='" + booked + "']"))
                        .getDomAttribute("data-status"))
                .isEqualTo("CANCELLED");
        assertThat(driver.findElements(By.cssSelector("#history li[data-status=COMPLETED]")))
                .hasSize(2);
    }

    @Test
    @Order(5)
    @DisplayName("staff upload a document, hide and show one, withdraw another: the patient's page follows")
    void staffWithdrawDocument() throws IOException {
        staffSignIn();
        openCard(DemoData.ANNA.value(), "documents");
        Path file = Files.createTempFile("vaccination-record-", ".pdf");
        Files.write(file, DemoData.PDF);
        long mark = inboxMark();
        driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        new Select(driver.findElement(By.id("doc-type"))).selectByValue("IMAGING");
        submit("upload-submit");
        String uploaded = file.getFileName().toString();
        assertThat(driver.findElement(By.cssSelector("tr[data-file='" + uploaded + "']"))
                        .getDomAttribute("data-state"))
                .isEqualTo("VISIBLE");
        Files.delete(file);
        // notify: the patient's new-document e-mail is in the dev inbox (without the document's name)
        withInbox(() -> wait.until(d -> {
            d.navigate().refresh();
            return d
                    .findElements(By.cssSelector("#inbox article[data-kind=EMAIL][data-to='anna.proba@example.test']"))
                    .stream()
                    .anyMatch(a -> Long.parseLong(a.getDomAttribute("data-id")) > mark
                            && !a.getText().contains(uploaded));
        }));

        // the visibility toggle: hidden, then visible again
        toggle("discharge-summary-2026-10.pdf", "HIDDEN");
        toggle("discharge-summary-2026-10.pdf", "VISIBLE");
        // the demo's StaffResolver maps the staff session, so the portal's staff API answers too
        assertThat(status("/portal/api/staff/patients/" + DemoData.ANNA.value() + "/grant"))
                .isEqualTo(200);

        WebElement row = driver.findElement(By.cssSelector("tr[data-file='blood-count-2026-11.pdf']"));
        row.findElement(By.cssSelector("button.withdraw")).click();
        wait.until(ExpectedConditions.stalenessOf(row));
        assertThat(driver.findElement(By.cssSelector("tr[data-file='blood-count-2026-11.pdf']"))
                        .getDomAttribute("data-state"))
                .isEqualTo("WITHDRAWN");

        openPortal();
        signedInAs("Anna");
        wait.until(d -> d.findElement(By.id("documents")).getText().contains(uploaded));
        assertThat(driver.findElement(By.id("documents")).getText())
                .contains("discharge-summary-2026-10.pdf")
                .doesNotContain("blood-count-2026-11.pdf");
        assertThat(driver.getPageSource()).doesNotContain("blood-count-2026-11.pdf");
    }

    @Test
    @Order(6)
    @DisplayName("a wrong code shows the error and the attempts left; the lockout shows how long to wait")
    void wrongCodeAndLockout() {
        long mark = inboxMark();
        String phone = "+36301110005";
        startLogin(true, TestPatients.taj(11100055).digits(), phone);
        String right = code("SMS", phone, mark);
        String wrong = right.equals("000000") ? "111111" : "000000";
        WebElement error = driver.findElement(By.id("login-error"));
        for (int left = 4; left >= 0; left--) {
            enterCode(wrong);
            String expected = "Attempts left: " + left + ".";
            wait.until(ExpectedConditions.textToBePresentInElement(error, expected));
            assertThat(error.getText()).contains("The code is not right.");
        }
        enterCode(wrong);
        wait.until(ExpectedConditions.attributeToBeNotEmpty(error, "data-retry-after"));
        String seconds = error.getDomAttribute("data-retry-after");
        assertThat(Integer.parseInt(seconds)).isBetween(1, 30);
        assertThat(error.getText()).contains("Wait " + seconds + " seconds");
        // even the right code is refused while locked
        enterCode(right);
        wait.until(ExpectedConditions.textToBePresentInElement(error, "Wait"));
        assertThat(driver.findElement(By.id("home-view")).isDisplayed()).isFalse();
    }

    @Test
    @Order(7)
    @DisplayName("the portal fits a phone-sized viewport and speaks Spanish and Hungarian")
    void phoneViewportAndLanguages() {
        driver.manage().window().setSize(new Dimension(390, 800));
        try {
            logoutIfSignedIn();
            // keyboard: the first Tab reaches the skip link, and focus is visible
            driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            WebElement focused = driver.switchTo().activeElement();
            assertThat(focused.getDomAttribute("class")).isEqualTo("skip");
            assertThat(((JavascriptExecutor) driver)
                            .executeScript("return getComputedStyle(document.activeElement).outlineStyle"))
                    .isEqualTo("solid");
            new Select(driver.findElement(By.id("lang"))).selectByValue("es");
            assertThat(driver.findElement(By.id("login-title")).getText()).isEqualTo("Entrar");
            new Select(driver.findElement(By.id("lang"))).selectByValue("hu");
            assertThat(driver.findElement(By.id("login-title")).getText()).isEqualTo("Belépés");
            assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                    .isEqualTo("hu");
            Object fits = ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
            assertThat(fits).isEqualTo(true);
            driver.get(base + "/clinic/login");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Munkatársi belépés");
        } finally {
            driver.manage().window().setSize(new Dimension(1000, 700));
        }
    }

    void toggle(String fileName, String expected) {
        WebElement row = driver.findElement(By.cssSelector("tr[data-file='" + fileName + "']"));
        row.findElement(By.cssSelector("button.visibility")).click();
        wait.until(ExpectedConditions.stalenessOf(row));
        assertThat(driver.findElement(By.cssSelector("tr[data-file='" + fileName + "']"))
                        .getDomAttribute("data-state"))
                .isEqualTo(expected);
    }

    void enterCode(String code) {
        WebElement input = driver.findElement(By.id("code-SMS"));
        input.clear();
        input.sendKeys(code);
        driver.findElement(By.id("verify-submit")).click();
    }

    List<String> reservationIds() {
        return driver.findElements(By.cssSelector("#reservations li")).stream()
                .map(li -> li.getDomAttribute("data-reservation"))
                .sorted()
                .toList();
    }

    /** The status of a GET from the page, with its cookies. */
    int status(String path) {
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), () => done(-1));",
                        path);
        return ((Number) status).intValue();
    }

    List<Document> staffDocuments() {
        Staff staff = new Staff(ClinicWeb.CLINIC, StaffId.of("test"), EnumSet.allOf(StaffPermission.class));
        return app.getBean(PatientPortal.class)
                .documents(staff)
                .list(DemoData.ANNA, DocumentFilter.firstPage())
                .items();
    }

    void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
