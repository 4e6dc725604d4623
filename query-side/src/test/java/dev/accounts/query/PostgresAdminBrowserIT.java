package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.accounts.query.support.Browser;
import dev.accounts.query.support.CommandSide;
import dev.accounts.testsupport.Api;
import dev.accounts.testsupport.BootJar;
import dev.accounts.testsupport.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin panel at {@code /admin} in headless Chromium, against both sides started for real on PostgreSQL: this
 * side in the test, the command side from its jar (it allows this side's origin through CORS). Each page is checked
 * with axe-core and saved as a screenshot under {@code target/admin-screenshots/}, at laptop size and on a phone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("postgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresAdminBrowserIT {

    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int PORT = BootJar.freePort();
    private static final String ROOT = "root-" + RUN;

    private static CommandSide commandSide;
    private static Process createSuperuser;
    private static Browser browser;
    private static String ada;
    private static String grace;
    private static String alan;

    @DynamicPropertySource
    static void bothSides(DynamicPropertyRegistry registry) {
        String url = TestDatabases.freshPostgres();
        String origin = "http://127.0.0.1:" + PORT;
        commandSide = CommandSide.start(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                Map.of("ACCOUNTS_CORS_ALLOWED_ORIGINS", origin));
        createSuperuser = commandSide.createSuperuser(ROOT + "@example.com", ROOT, PASSWORD);
        ada = register("ada", "Ada", "Lovelace");
        grace = register("grace", "Grace", "Hopper");
        alan = register("alan", "Alan", "Turing");
        register("plain", "Plain", "User");
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        registry.add("accounts.auth.jwk-set-uri", () -> commandSide.api().base() + "/.well-known/jwks.json");
        registry.add("accounts.admin.command-url", () -> commandSide.api().base());
    }

    private static String register(String name, String firstName, String lastName) {
        Api.Response response = commandSide.register(email(name), name + "-" + RUN, PASSWORD, firstName, lastName);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String email(String name) {
        return name + "-" + RUN + "@example.com";
    }

    @BeforeAll
    static void startTheBrowser() {
        browser = Browser.start("http://127.0.0.1:" + PORT);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (commandSide != null) {
            commandSide.close();
        }
    }

    private static void logIn(String email) {
        browser.open("/admin/login");
        browser.heading("Accounts administration");
        browser.type("Email", email);
        browser.type("Password", PASSWORD);
        browser.field("Password").sendKeys(Keys.ENTER); // a form sent from the keyboard alone
    }

    private static void openUser(String id, String name) {
        browser.open("/admin/users/" + id);
        browser.heading(name + "-" + RUN);
    }

    private static void submitNewUser(String email, String username, String password) {
        browser.type("Email address", email);
        browser.type("Username", username);
        browser.type("Password", password);
        browser.type("Password confirmation", password);
        browser.click("Save");
    }

    private static void setPassword(String password, String again) {
        browser.type("New password", password);
        browser.type("New password confirmation", again);
        browser.click("Change password");
    }

    private static void searchFor(String words) {
        browser.type("Search users", words);
        browser.click("Search");
    }

    private static List<String> listedUsernames() {
        return browser.driver().findElements(By.cssSelector(".users-table tbody th")).stream().map(WebElement::getText).toList();
    }

    private static void awaitListed(String... usernames) {
        browser.waitUntil(driver -> listedUsernames().equals(List.of(usernames)), "the list showing " + List.of(usernames));
    }

    @Test
    @Order(1)
    void refusesAUserWhoIsNotStaff() {
        browser.open("/admin/users");
        browser.waitUntil(ExpectedConditions.urlContains("/admin/login"), "the login page");
        browser.heading("Accounts administration");
        browser.assertAccessible("login");
        browser.screenshot("login");

        logIn(email("plain"));

        assertThat(browser.text("div[@role='alert']", "not a staff account").getText())
                .contains("only staff members may use the admin panel");
        assertThat(browser.path()).isEqualTo("/admin/login");
        assertThat(browser.script("return sessionStorage.getItem('accounts.admin.access')")).isNull();
        browser.screenshot("login-not-staff");
        browser.assertCleanConsole();
    }

    @Test
    @Order(2)
    void logsInAsTheSuperuserFromTheCommandLineAndFindsAUserBySearch() throws InterruptedException {
        assertThat(createSuperuser.waitFor(90, TimeUnit.SECONDS)).as("createsuperuser --no-input finished").isTrue();
        assertThat(createSuperuser.exitValue()).isZero();
        Api reads = new Api(PORT).withHeaders("Authorization", "Bearer " + rootToken());
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get("/api/users?search=" + RUN).json().get("count").asInt() == 5);
        logIn(ROOT + "@example.com");

        browser.heading("Users");
        browser.text("p[@role='status']", "5 users");
        browser.assertAccessible("users list");
        browser.screenshot("users-list");

        searchFor("ada-" + RUN);
        awaitListed("ada-" + RUN);
        assertThat(browser.text("p[@role='status']", "1 user").getText()).startsWith("1 user");
        assertThat(browser.path()).isEqualTo("/admin/users?search=ada-" + RUN);
        browser.screenshot("users-search");
        browser.assertCleanConsole();
    }

    @Test
    @Order(3)
    void filtersSortsAndPagesTheList() {
        browser.open("/admin/users?search=" + RUN);
        browser.text("p[@role='status']", "5 users");

        browser.driver().findElement(By.xpath("//span[.='Superuser status']/following-sibling::ul//a[.='Yes']")).click();
        awaitListed(ROOT);
        browser.driver().findElement(By.xpath("//span[.='Superuser status']/following-sibling::ul//a[.='No']")).click();
        awaitListed("ada-" + RUN, "grace-" + RUN, "alan-" + RUN, "plain-" + RUN);

        browser.driver().findElement(By.cssSelector("thead th:first-child a")).click();
        awaitListed("ada-" + RUN, "alan-" + RUN, "grace-" + RUN, "plain-" + RUN);
        assertThat(browser.driver().findElement(By.cssSelector("thead th:first-child")).getAttribute("aria-sort")).isEqualTo("ascending");
        browser.driver().findElement(By.cssSelector("thead th:first-child a")).click();
        awaitListed("plain-" + RUN, "grace-" + RUN, "alan-" + RUN, "ada-" + RUN);

        browser.open("/admin/users?search=" + RUN + "&ordering=username&page_size=2");
        awaitListed("ada-" + RUN, "alan-" + RUN);
        browser.text("nav[@aria-label='Pages']", "Page 1 of 3");
        browser.click("Next ›");
        awaitListed("grace-" + RUN, "plain-" + RUN);
        browser.text("nav[@aria-label='Pages']", "Page 2 of 3");
        browser.assertCleanConsole();
    }

    @Test
    @Order(4)
    void deactivatesAUserAndShowsItWithoutAReload() {
        browser.open("/admin/users?search=ada-" + RUN);
        browser.click("ada-" + RUN);
        browser.heading("ada-" + RUN);
        assertThat(browser.path()).isEqualTo("/admin/users/" + ada);
        browser.assertAccessible("user details");
        browser.screenshot("user-details");

        browser.click("Deactivate");
        browser.visible(By.cssSelector("dialog[open]"));
        browser.assertAccessible("deactivation dialog");
        browser.driver().findElement(By.cssSelector("dialog[open] .btn-danger")).click();

        browser.text("div[@role='status']", "The user “ada-" + RUN + "” was deactivated.");
        assertThat(browser.text("span", "Inactive").getAttribute("class")).contains("badge");
        browser.visible(By.xpath("//dt[.='Active']/following-sibling::dd[1]/span[contains(@class, 'flag-no')]"));
        browser.visible(By.xpath("//button[normalize-space(.)='Activate']"));
        browser.assertCleanConsole();
    }

    @Test
    @Order(5)
    void showsTheApisMessageNextToABadEmail() {
        openUser(ada, "ada");
        browser.type("Email address", "ada at example");
        browser.click("Save changes");

        assertThat(browser.errorOf("Email address")).isEqualTo("Enter a valid email address.");
        assertThat(browser.field("Email address").getAttribute("aria-invalid")).isEqualTo("true");
        browser.text("div[@role='alert']", "Please correct the errors below.");
        browser.assertAccessible("user details with an error");
        browser.screenshot("user-bad-email");

        browser.type("Email address", email("ada"));
        browser.type("Last name", "King");
        browser.click("Save changes");
        browser.text("div[@role='status']", "was changed successfully");
        assertThat(browser.driver().findElement(By.xpath("//dt[.='Last name']/following-sibling::dd[1]")).getText()).isEqualTo("King");
        browser.assertCleanConsole();
    }

    @Test
    @Order(6)
    void showsTheHistoryOfTheUsersEventsWithTheirActors() {
        browser.open("/admin/users/" + ada);
        browser.click("History");
        browser.heading("ada-" + RUN);
        browser.text("table", "UserRegistered");
        List<String> types = browser.driver().findElements(By.cssSelector(".history-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-event-type")).toList();
        assertThat(types).containsSubsequence("UserRegistered", "UserDeactivated", "ProfileChanged");
        WebElement deactivated = browser.driver().findElement(By.cssSelector("tr[data-event-type='UserDeactivated']"));
        assertThat(deactivated.findElement(By.cssSelector("td[data-label='Actor']")).getText()).isEqualTo(ROOT);
        assertThat(deactivated.findElement(By.cssSelector("td[data-label='Time'] time")).getAttribute("datetime")).endsWith("Z");
        WebElement registered = browser.driver().findElement(By.cssSelector("tr[data-event-type='UserRegistered']"));
        assertThat(registered.findElement(By.cssSelector("td[data-label='Details']")).getText())
                .contains("email", email("ada"), "first_name", "Ada").doesNotContain("password");
        browser.assertAccessible("history");
        browser.screenshot("user-history");
        browser.assertCleanConsole();
    }

    @Test
    @Order(7)
    void setsANewPasswordWithTheValidatorsMessages() {
        browser.open("/admin/users/" + grace + "/password");
        browser.heading("grace-" + RUN);
        browser.assertAccessible("password");

        setPassword("Another-horse-battery-7", "Another-horse-battery-8");
        assertThat(browser.errorOf("New password confirmation")).isEqualTo("The two password fields didn’t match.");

        setPassword("12345678", "12345678");
        assertThat(browser.errorOf("New password")).contains("This password is too common.", "This password is entirely numeric.");
        browser.screenshot("user-password-refused");

        setPassword("Another-horse-battery-7", "Another-horse-battery-7");
        browser.text("div[@role='status']", "was changed successfully");
        assertThat(browser.path()).isEqualTo("/admin/users/" + grace);
        assertThat(commandSide.api().postJson("/api/auth/login", "{\"email\": \"%s\", \"password\": \"Another-horse-battery-7\"}"
                .formatted(email("grace"))).status()).isEqualTo(200);
        browser.assertCleanConsole();
    }

    @Test
    @Order(8)
    void grantsAndRevokesStaffAndSuperuserStatusAndActivates() {
        openUser(grace, "grace");
        browser.click("Grant staff status");
        browser.visible(By.xpath("//button[normalize-space(.)='Revoke staff status']"));
        browser.click("Grant superuser status");
        browser.visible(By.xpath("//button[normalize-space(.)='Revoke superuser status']"));
        assertThat(browser.driver().findElement(By.cssSelector(".subtitle")).getText()).contains("Staff", "Superuser");
        browser.click("Revoke superuser status");
        browser.visible(By.xpath("//button[normalize-space(.)='Grant superuser status']"));
        browser.click("Revoke staff status");
        browser.visible(By.xpath("//button[normalize-space(.)='Grant staff status']"));

        openUser(ada, "ada");
        browser.click("Activate");
        browser.text("div[@role='status']", "The user “ada-" + RUN + "” was activated.");
        browser.text("span", "Active");
        browser.assertCleanConsole();
    }

    @Test
    @Order(9)
    void addsAUserWithTheApisValidationMessages() {
        browser.open("/admin/users");
        browser.click("+ Add user");
        browser.heading("Add user");
        browser.assertAccessible("add user");

        submitNewUser(email("ada").toUpperCase(), "new user!", "password");
        assertThat(browser.errorOf("Password")).contains("This password is too common.");
        assertThat(browser.errorOf("Username")).contains("Enter a valid username.");
        browser.screenshot("add-user-errors");

        submitNewUser(email("ada").toUpperCase(), "ada-" + RUN.toUpperCase(), "Lovelace-engine-1843");
        assertThat(browser.errorOf("Email address")).isEqualTo("A user with that email already exists.");

        submitNewUser(email("barbara"), "barbara-" + RUN, "Lovelace-engine-1843");
        browser.heading("barbara-" + RUN);
        browser.text("div[@role='status']", "was added successfully");
        assertThat(browser.path()).matches("/admin/users/[0-9a-f-]{36}");
        browser.assertCleanConsole();
    }

    @Test
    @Order(10)
    void keepsWhatWasTypedWhenTheSessionExpires() {
        openUser(grace, "grace");
        browser.type("First name", "Amazing Grace");
        // both tokens run out: the next call is refused, and the refresh with it
        browser.script("sessionStorage.setItem('accounts.admin.access', 'expired.e30.x');"
                + "sessionStorage.setItem('accounts.admin.refresh', 'spent');");
        browser.click("Save changes");

        browser.waitUntil(ExpectedConditions.urlContains("/admin/login"), "the login page");
        browser.text("div[@role='status']", "Your session has expired");
        browser.screenshot("login-session-expired");
        browser.type("Email", ROOT + "@example.com");
        browser.type("Password", PASSWORD);
        browser.click("Log in");

        browser.heading("grace-" + RUN);
        assertThat(browser.path()).isEqualTo("/admin/users/" + grace);
        assertThat(browser.field("First name").getAttribute("value")).isEqualTo("Amazing Grace");
        browser.text("div[@role='status']", "has been restored");
        browser.click("Save changes");
        browser.text("div[@role='status']", "was changed successfully");
        assertThat(browser.driver().findElement(By.xpath("//dt[.='First name']/following-sibling::dd[1]")).getText())
                .isEqualTo("Amazing Grace");
    }

    @Test
    @Order(11)
    void replaysAProjectionShowingItsProgress() {
        browser.open("/admin/projections");
        browser.heading("Projections");
        browser.text("h2", "users");
        browser.text("span", "Up to date");
        browser.assertAccessible("projections");
        browser.screenshot("projections");

        browser.click("Replay");
        browser.driver().findElement(By.cssSelector("dialog[open] .btn-danger")).click();

        browser.text("div[@role='status']", "Replay finished");
        browser.text("span", "Up to date");
        browser.screenshot("projections-replayed");
        browser.open("/admin/users?search=" + RUN);
        browser.text("p[@role='status']", "6 users");
        browser.assertCleanConsole();
    }

    @Test
    @Order(12)
    void showsStaffWhereTheProjectionsStandButLeavesTheReplayToSuperusersAsTheApiDoes() {
        Api commands = commandSide.api().withHeaders("Authorization", "Bearer " + rootToken());
        assertThat(commands.call("POST", "/api/users/" + alan + "/staff", null).status()).isEqualTo(200);
        assertThat(commands.call("POST", "/api/users/" + alan + "/superuser", null).status()).isEqualTo(200);
        By replay = By.xpath("//button[normalize-space(.)='Replay']");
        browser.script("sessionStorage.clear()");
        logIn(email("alan"));
        browser.heading("Users");
        browser.open("/admin/projections");
        browser.visible(replay);

        // superuser status revoked while the page is open: the panel's next token says so, and the API refuses
        assertThat(commands.call("DELETE", "/api/users/" + alan + "/superuser", null).status()).isEqualTo(200);
        browser.script("sessionStorage.setItem('accounts.admin.access', 'expired.e30.x')");
        browser.click("Replay");
        browser.driver().findElement(By.cssSelector("dialog[open] .btn-danger")).click();

        browser.text("div[@role='alert']", "Only superusers may replay a projection or retry its dead letters.");
        browser.text("p", "Only superusers can replay a projection.");
        assertThat(browser.driver().findElements(replay)).isEmpty();
        browser.screenshot("projections-replay-refused");
        Api reads = new Api(PORT).withHeaders("Authorization", "Bearer " + rootToken());
        assertThat(reads.get("/api/projections/users").json().get("replaying").asBoolean()).as("no replay started").isFalse();

        browser.open("/admin/projections");
        browser.text("span", "Up to date");
        browser.text("p", "Only superusers can replay a projection.");
        assertThat(browser.driver().findElements(replay)).isEmpty();
        assertThat(browser.driver().findElement(By.xpath("//dt[.='Head']/following-sibling::dd[1]")).getText()).isNotBlank();
        browser.assertAccessible("projections for staff");
        browser.screenshot("projections-staff");
        browser.assertCleanConsole();

        // the superuser again, for what follows
        browser.script("sessionStorage.clear()");
        logIn(ROOT + "@example.com");
        browser.heading("Users");
    }

    @Test
    @Order(13)
    void worksOnAPhone() {
        browser.resize(Browser.PHONE);
        try {
            browser.open("/admin/users?search=" + RUN);
            browser.text("p[@role='status']", "6 users");
            browser.assertAccessible("users list on a phone");
            browser.assertFitsTheWindow("the users list");
            browser.screenshot("phone-users-list");
            browser.click("ada-" + RUN);
            browser.heading("ada-" + RUN);
            browser.assertAccessible("user details on a phone");
            browser.assertFitsTheWindow("a user's details");
            browser.screenshot("phone-user-details");
            browser.click("History");
            browser.visible(By.cssSelector(".history-table, .tab-panel .alert"));
            browser.assertFitsTheWindow("a user's history");
            browser.screenshot("phone-user-history");
            browser.open("/admin/users/add");
            browser.heading("Add user");
            browser.assertFitsTheWindow("add user");
            browser.open("/admin/projections");
            browser.text("span", "Up to date");
            browser.assertAccessible("projections on a phone");
            browser.assertFitsTheWindow("projections");
            browser.screenshot("phone-projections");
        } finally {
            browser.resize(Browser.LAPTOP);
        }
    }

    @Test
    @Order(14)
    void logsOutAndRevokesTheSession() {
        browser.open("/admin/users");
        browser.heading("Users");
        String refresh = (String) browser.script("return sessionStorage.getItem('accounts.admin.refresh')");
        browser.click("Log out");

        browser.text("div[@role='status']", "You have been logged out.");
        assertThat(browser.script("return sessionStorage.getItem('accounts.admin.access')")).isNull();
        assertThat(commandSide.api().postJson("/api/auth/refresh", "{\"refresh\": \"%s\"}".formatted(refresh)).status())
                .isEqualTo(401);
        browser.open("/admin/users");
        browser.waitUntil(ExpectedConditions.urlContains("/admin/login"), "the login page");
    }

    private static String rootToken() {
        Api.Response login = commandSide.api().postJson("/api/auth/login",
                "{\"email\": \"%s@example.com\", \"password\": \"%s\"}".formatted(ROOT, PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("access").asString();
    }
}
