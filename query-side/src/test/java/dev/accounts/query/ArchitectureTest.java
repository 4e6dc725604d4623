package dev.accounts.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The query side reads the log; it never handles or sends a command, nor imports the command side. */
class ArchitectureTest {

    @Test
    void neverTouchesTheCommandSideOrSendsCommands() {
        noClasses().that().resideInAPackage("dev.accounts.query..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.accounts.command..",
                        "org.axonframework.commandhandling..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.accounts"));
    }
}
