package dev.accounts.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.eventhandling.DisallowReplay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query side's layering, checked rather than hoped for. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.accounts");
    }

    /** The query side reads the log; it never handles or sends a command, nor imports the command side. */
    @Test
    void neverTouchesTheCommandSideOrSendsCommands() {
        noClasses().that().resideInAPackage("dev.accounts.query..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.command..",
                        "org.axonframework.commandhandling..")
                .check(classes);
    }

    @Test
    void webNeverReachesTheDatabaseDirectly() {
        noClasses().that().resideInAPackage("dev.accounts.query.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..",
                        "org.axonframework..")
                .check(classes);
    }

    /** The replay command asks the projections service or the HTTP API; reading an SQLException's message is all. */
    @Test
    void theCommandLineNeverReachesTheDatabaseOrAxonDirectly() {
        noClasses().that().resideInAPackage("dev.accounts.query.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..",
                        "org.axonframework..", "dev.accounts.query.users..", "dev.accounts.query.web..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.sql.Connection.class, java.sql.Statement.class,
                        java.sql.PreparedStatement.class, java.sql.ResultSet.class, java.sql.DriverManager.class)
                .check(classes);
    }

    @Test
    void theReadModelAndItsOperationKnowNothingOfHttpOrTheCommandLine() {
        noClasses().that().resideInAnyPackage("dev.accounts.query.users..", "dev.accounts.query.projections..",
                        "dev.accounts.query.history..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.query.web..",
                        "dev.accounts.query.cli..", "org.springframework.web..", "jakarta.servlet..")
                .check(classes);
    }

    /** The admin panel is pages that call the public APIs: it reaches no data the APIs do not guard. */
    @Test
    void theAdminPanelReachesNoDataButThroughTheApis() {
        noClasses().that().resideInAPackage("dev.accounts.query.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.query.users..",
                        "dev.accounts.query.projections..", "dev.accounts.query.history..", "dev.accounts.query.web..",
                        "org.springframework.jdbc..", "java.sql..", "javax.sql..", "org.axonframework..")
                .check(classes);
    }

    /** The audit trail reads the log's rows itself: no processor, no Axon message, nothing it could replay or alter. */
    @Test
    void theHistoryReadsTheLogWithoutAxon() {
        noClasses().that().resideInAPackage("dev.accounts.query.history..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..")
                .check(classes);
    }

    /** Every projection can be rebuilt by a replay: no handler may opt out of one. */
    @Test
    void everyHandlerTakesPartInReplays() {
        noClasses().that().resideInAPackage("dev.accounts.query..")
                .should().dependOnClassesThat().areAssignableTo(DisallowReplay.class)
                .check(classes);
    }
}
