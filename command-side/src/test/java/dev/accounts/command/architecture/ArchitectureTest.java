package dev.accounts.command.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command side's layering, checked rather than hoped for. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.accounts");
    }

    @Test
    void neverTouchesTheQuerySide() {
        noClasses().that().resideInAPackage("dev.accounts.command..")
                .should().dependOnClassesThat().resideInAPackage("dev.accounts.query..")
                .check(classes);
    }

    @Test
    void webAndCliNeverReachTheDatabaseDirectly() {
        // reading an SQLException's message is fine; holding a connection, statement or template is not
        noClasses().that().resideInAnyPackage("dev.accounts.command.web..", "dev.accounts.command.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc.core..", "javax.sql..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.sql.Connection.class, java.sql.Statement.class,
                        java.sql.PreparedStatement.class, java.sql.ResultSet.class, java.sql.DriverManager.class)
                .check(classes);
    }

    @Test
    void theDomainKnowsNothingOfItsCallers() {
        noClasses().that().resideInAnyPackage("dev.accounts.command.user..", "dev.accounts.command.password..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.command.web..",
                        "dev.accounts.command.cli..", "org.springframework.web..", "jakarta.servlet..")
                .check(classes);
    }

    /** Audit metadata is filled in from an origin the web and the CLI bind; it knows neither, nor HTTP. */
    @Test
    void theAuditMetadataKnowsNothingOfItsCallers() {
        noClasses().that().resideInAPackage("dev.accounts.command.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.command.web..",
                        "dev.accounts.command.cli..", "dev.accounts.command.user..", "org.springframework.web..",
                        "org.springframework.security..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void aggregatesAreNotPublic() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .check(classes);
    }

    /**
     * Password hashes (Spring Security's encoders, Bouncy Castle's key derivation: Argon2, PBKDF2, scrypt, bcrypt) are
     * computed only in the password package; Bouncy Castle's signatures (which sign access tokens) may be used
     * elsewhere.
     */
    @Test
    void passwordsAreOnlyHashedInThePasswordPackage() {
        noClasses().that().resideOutsideOfPackage("dev.accounts.command.password..")
                .should().dependOnClassesThat(resideInAnyPackage("org.springframework.security.crypto..",
                        "org.bouncycastle.crypto.generators..")
                        .or(simpleNameStartingWith("Argon2")).or(simpleNameStartingWith("PKCS5")))
                .check(classes);
    }
}
