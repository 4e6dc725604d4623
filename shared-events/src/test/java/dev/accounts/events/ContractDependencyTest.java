package dev.accounts.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract module depends on nothing but the JDK and Jackson's annotations. */
class ContractDependencyTest {

    @Test
    void dependsOnNothingButJavaAndJacksonAnnotations() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "com.fasterxml.jackson.annotation..", "dev.accounts.events..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.accounts.events"));
    }
}
