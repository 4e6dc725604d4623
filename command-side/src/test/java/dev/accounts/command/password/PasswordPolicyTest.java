package dev.accounts.command.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.gosimple.nbvcxz.resources.DictionaryUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {

    private static final String TOO_SHORT = "This password is too short. It must contain at least 8 characters.";
    private static final String TOO_COMMON = "This password is too common.";
    private static final String NUMERIC = "This password is entirely numeric.";

    private static final UserAttributes ADA = new UserAttributes("ada.lovelace@example.com", "ada", "Ada", "Lovelace");

    private final PasswordPolicy policy = new PasswordPolicy(PasswordProperties.defaults());

    private static PasswordPolicy policy(Integer minLength, Integer commonListSize) {
        return new PasswordPolicy(new PasswordProperties(null, null, null, null, minLength, commonListSize));
    }

    @Test
    void aStrongPasswordPasses() {
        assertThat(policy.check("Vq7!mZ2#rTx9&Lp", ADA)).isEmpty();
        assertThat(policy.check("Vq7!mZ2#rTx9&Lp", null)).isEmpty();
    }

    @Test
    void tooShort() {
        assertThat(policy.check("xK9#qz", null)).containsExactly(TOO_SHORT);
        assertThat(policy.check("xK9#qzT!", null)).isEmpty();
    }

    @Test
    void tooShortNamesTheConfiguredMinimumAndSaysCharacterForOne() {
        assertThat(policy(12, null).check("xK9#qzT!w", null))
                .containsExactly("This password is too short. It must contain at least 12 characters.");
        assertThat(policy(1, null).check("", null))
                .containsExactly("This password is too short. It must contain at least 1 character.");
    }

    @Test
    void tooCommon() {
        assertThat(policy.check("password", null)).containsExactly(TOO_COMMON);
    }

    @Test
    void tooCommonComparesTheStrippedLowercasedPassword() {
        assertThat(policy.check("  PassWord  ", null)).containsExactly(TOO_COMMON);
        assertThat(policy.check("ILOVEYOU", null)).containsExactly(TOO_COMMON);
    }

    @Test
    void findsEveryWordOfTheCommonListWhateverItsCase() {
        Map<String, Integer> ranked = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords);
        List<String> top = ranked.entrySet().stream().filter(entry -> entry.getValue() <= 20_000)
                .map(entry -> entry.getKey().toLowerCase(Locale.ROOT).strip()).toList();
        assertThat(top).hasSizeGreaterThan(19_000);
        assertThat(top).allSatisfy(word -> {
            assertThat(policy.check(word, null)).contains(TOO_COMMON);
            assertThat(policy.check(word.toUpperCase(Locale.ROOT), null)).as(word.toUpperCase(Locale.ROOT))
                    .contains(TOO_COMMON);
        });
    }

    @Test
    void entirelyNumeric() {
        assertThat(policy.check("9081726354019", null)).containsExactly(NUMERIC);
        assertThat(policy.check("9081726354019a", null)).isEmpty();
    }

    @Test
    void reportsEveryFailureInDjangosOrder() {
        UserAttributes user = new UserAttributes("someone@example.com", "12345", "", "");

        assertThat(policy.check("12345", user)).containsExactly(
                "The password is too similar to the username.", TOO_SHORT, TOO_COMMON, NUMERIC);
        assertThat(policy.check("1234", null)).containsExactly(TOO_SHORT, TOO_COMMON, NUMERIC);
        assertThat(policy.check("12345678", null)).containsExactly(TOO_COMMON, NUMERIC);
    }

    @ParameterizedTest
    @CsvSource({
            "Marguerite99,   marguerite.dupont@example.com, mdupont,  Jo,          Do,                email address",
            "skywalker42,    luke@example.com,              skywalker, Luke,       Nobody,            username",
            "bartholomew!1,  bart@example.com,              bsimpson,  Bartholomew, Simpson,          first name",
            "Featherstone#7, fs@example.com,                fshaugh,   Jo,          Featherstonehaugh, last name",
    })
    void tooSimilarToAUserAttribute(String password, String email, String username, String firstName,
            String lastName, String verboseName) {
        UserAttributes user = new UserAttributes(email, username, firstName, lastName);

        assertThat(policy.check(password, user))
                .containsExactly("The password is too similar to the " + verboseName + ".");
    }

    @Test
    void tooSimilarReportsOnlyTheFirstMatchingAttribute() {
        UserAttributes user = new UserAttributes("skywalker@example.com", "skywalker", "Skywalker", "Skywalker");

        assertThat(policy.check("skywalker42", user))
                .containsExactly("The password is too similar to the username.");
    }

    @Test
    void similarityComparesThePartsOfAnEmailOnTheirOwn() {
        // The part "lovelace" of "ada.lovelace@example.com": quick_ratio = 2*8/20 = 0.8.
        UserAttributes ada = new UserAttributes("ada.lovelace@example.com", "ada", "", "");
        assertThat(policy.check("lovelace-ada", ada)).containsExactly("The password is too similar to the email address.");
    }

    @Test
    void similarityComparesTheWholeValueAsWellAsItsParts() {
        // Neither "mary" (0.62) nor "ann" (0.5) is close enough to "maryann!!", but "mary ann" is (0.82).
        UserAttributes user = new UserAttributes("mk@example.com", "mk", "Mary Ann", "Smith");

        assertThat(policy.check("maryann!!", user)).containsExactly("The password is too similar to the first name.");
    }

    @Test
    void nullOrBlankAttributesAreSkipped() {
        assertThat(policy.check("skywalker42", new UserAttributes(null, null, null, null))).isEmpty();
        assertThat(policy.check("skywalker42", new UserAttributes("", "", "", ""))).isEmpty();
    }

    @Test
    void aDissimilarPasswordWithAttributesPasses() {
        // Django's algorithm: quick_ratio("johndoe1!", part) stays below 0.7 for every part of the email.
        assertThat(policy.check("johndoe1!", new UserAttributes("john.doe@example.com", null, null, null))).isEmpty();
    }

    @Test
    void commonListSizeIsRespected() {
        // "chocolate" is ranked 3273rd in nbvcxz's password list.
        assertThat(policy(null, 1000).check("chocolate", null)).isEmpty();
        assertThat(policy(null, 5000).check("chocolate", null)).containsExactly(TOO_COMMON);
        assertThat(policy.check("chocolate", null)).containsExactly(TOO_COMMON);
        assertThat(policy(null, 0).check("password", null)).isEmpty();
    }

    @Test
    void quickRatioIsDifflibs() {
        // Values from Python's difflib.SequenceMatcher(a=..., b=...).quick_ratio().
        assertThat(UserAttributeSimilarityRule.quickRatio(cp("abcd"), cp("bcde"))).isEqualTo(0.75);
        assertThat(UserAttributeSimilarityRule.quickRatio(cp("password"), cp("drowssap"))).isEqualTo(1.0);
        assertThat(UserAttributeSimilarityRule.quickRatio(cp("aab"), cp("abb"))).isEqualTo(2.0 / 3);
        assertThat(UserAttributeSimilarityRule.quickRatio(cp(""), cp(""))).isEqualTo(1.0);
    }

    @Test
    void partsSplitLikePythonsReSplit() {
        // re.split(r"\W+", ".john..doe.") == ['', 'john', 'doe', '']
        assertThat(UserAttributeSimilarityRule.parts(".john..doe."))
                .containsExactly("", "john", "doe", "", ".john..doe.");
    }

    @Test
    void rejectsANullPassword() {
        assertThatNullPointerException().isThrownBy(() -> policy.check(null, ADA));
    }

    @Test
    void toStringHoldsNoPassword() {
        assertThat(policy).hasToString("PasswordPolicy[minLength=8, commonListSize=20000]");
    }

    private static int[] cp(String s) {
        return s.codePoints().toArray();
    }
}
