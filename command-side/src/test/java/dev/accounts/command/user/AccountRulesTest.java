package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRulesTest {

    @Test
    void normalisesEmailAsDjangoDoes() {
        assertThat(EmailAddress.normalize("  Ada.Lovelace@EXAMPLE.Org ")).isEqualTo("Ada.Lovelace@example.org");
    }

    @Test
    void makesEmailsUniqueOverTheWholeAddressIgnoringCase() {
        assertThat(EmailAddress.uniquenessKey("Ada@example.org")).isEqualTo(EmailAddress.uniquenessKey("aDA@EXAMPLE.ORG"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "a.b+tag@sub.example.co.uk", "ada@localhost", "\"quoted..name\"@example.com",
            "ada@[192.168.0.1]", "ada@xn--bcher-kva.example", "ada@bücher.example"})
    void acceptsValidEmails(String email) {
        assertThat(EmailAddress.isValid(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "@example.com", "ada@", "ada@example", "ada@@example.com", "a da@example.com",
            "ada@-example.com", "ada@example..com", "ada.@example.com", "ada@example.c", "ada\u0000@example.com"})
    void rejectsInvalidEmails(String email) {
        assertThat(EmailAddress.isValid(email)).isFalse();
    }

    @Test
    void rejectsAnEmailOver254Characters() {
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";

        assertThat(AccountRules.faults(new AccountDetails(email, "ada", "", "")).get("email"))
                .containsExactly("Ensure this value has at most 254 characters (it has %d).".formatted(email.length()));
    }

    @Test
    void appliesNfkcToUsernames() {
        assertThat(Username.normalize("ａｄａ")).isEqualTo("ada");
        assertThat(Username.uniquenessKey("ADA")).isEqualTo(Username.uniquenessKey("ada"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada.lovelace", "ada@home", "a+b-c_d", "Ådä", "名前"})
    void acceptsUsernamesOfLettersDigitsAndAllowedMarks(String username) {
        assertThat(AccountRules.faults(new AccountDetails("a@example.com", username, "", ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada lovelace", "ada!", "ada/", "<script>", "ada\u0000"})
    void rejectsUsernamesWithOtherCharacters(String username) {
        assertThat(AccountRules.faults(new AccountDetails("a@example.com", username, "", "")).get("username"))
                .containsExactly(AccountRules.INVALID_USERNAME);
    }

    @Test
    void reportsEveryFaultAtOnceInFormOrder() {
        assertThat(AccountRules.faults(new AccountDetails("", "", "x".repeat(151), "y".repeat(151))))
                .containsOnlyKeys("email", "username", "first_name", "last_name")
                .extractingByKey("email").isEqualTo(List.of("This field is required."));
    }
}
