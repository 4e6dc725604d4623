package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The username rules as DESIGN.md states them, for generated names: letters (of any script), digits and
 * {@code @ . + - _}, NFKC-normalised, at most 150 characters, unique case-insensitively; with Django's message for
 * anything else. "Letters" are read as Unicode letters with the combining marks their scripts need; nothing
 * invisible is a letter.
 */
class UsernamePropertiesTest {

    private static final String MARKS = "@.+-_";
    /** Letters of several scripts, digits and the marks, all in NFKC form already. */
    private static final String NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + MARKS
            + "\u00e9\u00e8\u00df\u00f1\u00c5\u00f8\u00e6\u0153\u00fe\u00f0\u0142\u0105\u010d\u011f\u0131\u0161\u017e"
            + "\u03b1\u03b2\u03b3\u03b4\u03bb\u03bc\u03c0\u03c3\u03c2\u03c9\u0391\u03a3\u03a9"
            + "\u0430\u0431\u0432\u0433\u0434\u0436\u044f\u0416\u042f\u0449"
            + "\u540d\u524d\u7530\u4e2d\u592a\u90ce\u0627\u0628\u062a\u062c\u062d\u0643\u0915\u0916\u0917\u091c"
            + "\u0660\u0661\u0662\u0966\u0967";
    /** Cased letters, with the pairs case-insensitive comparisons get wrong: ß and ẞ, σ ς Σ, digraphs, ligatures. */
    private static final String CASED_CHARACTERS = "abcxyzABCXYZ\u00df\u1e9e\u03c3\u03c2\u03a3\u03b1\u0391\u0436\u0416\u044f\u042f"
            + "\u0561\u0531\u10d0\u1c90\u13a0\uab70\u01c4\u01c5\u01c6\u0149\ufb00\u00c5\u00e5\u212b0123456789" + MARKS;
    /** Unicode's default-ignorable characters: they show nothing, so a name holding one looks like a name without. */
    private static final List<Integer> INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206f\u3164\ufe00\ufe0f\ufeff\uffa0\udb40\udd00\udb40\udc01"
            .codePoints().boxed().toList();
    /** Latin letters and the Cyrillic letters that look the same. */
    private static final Map<Character, Character> HOMOGLYPHS = Map.of('a', '\u0430', 'c', '\u0441', 'e', '\u0435',
            'o', '\u043e', 'p', '\u0440', 'x', '\u0445', 'y', '\u0443');

    @Provide
    Arbitrary<String> usernames() {
        return Arbitraries.strings().withChars(NAME_CHARACTERS).ofMinLength(1).ofMaxLength(Username.MAX_LENGTH);
    }

    @Provide
    Arbitrary<String> casedUsernames() {
        return Arbitraries.strings().withChars(CASED_CHARACTERS).ofMinLength(1).ofMaxLength(40);
    }

    /** Any text, with what NFKC and trimming act on (no-break and other spaces, compatibility forms, marks) made common. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> awkward = Arbitraries.strings()
                .withChars(" \t\u00a0\u2007\u202f\u2003\u3000\ufb00\u01c5\u0301\u0308\u1e9e\uff41\u2126\u212b").ofMaxLength(6);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(20);
        return Combinators.combine(awkward, any, awkward).as((a, b, c) -> a + b + c);
    }

    @Property
    void normalisingTwiceIsNormalisingOnce(@ForAll("anyText") String raw) {
        String once = Username.normalize(raw);

        assertThat(Username.normalize(once)).isEqualTo(once);
    }

    @Property
    void everyUsernameOfLettersDigitsAndTheMarksIsAcceptedUnchanged(@ForAll("usernames") String username) {
        assertThat(Username.normalize(username)).isEqualTo(username);
        assertThat(faults(username)).isEmpty();
    }

    @Property
    void spacesAroundAUsernameAreDropped(@ForAll("usernames") String username,
                                         @ForAll("spaces") String before, @ForAll("spaces") String after) {
        assertThat(Username.normalize(before + username + after)).isEqualTo(username);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(" \t\n\u00a0\u2003\u3000").ofMaxLength(3);
    }

    @Property
    void everyLetterCaseOfAUsernameHasTheSameUniquenessKey(@ForAll("casedUsernames") String username, @ForAll long choices) {
        String variant = recase(username, choices);

        assertThat(key(variant)).as("%s and %s", username, variant).isEqualTo(key(username));
    }

    /** NFKC folds compatibility forms: the fullwidth {@code ａｄａ} is {@code ada}, the same account. */
    @Property
    void aFullwidthUsernameIsTheSameUsername(@ForAll("asciiUsernames") String username) {
        String fullwidth = username.chars().mapToObj(c -> String.valueOf((char) (c + 0xFEE0))).collect(Collectors.joining());

        assertThat(Username.normalize(fullwidth)).isEqualTo(username);
        assertThat(key(fullwidth)).isEqualTo(key(username));
    }

    @Provide
    Arbitrary<String> asciiUsernames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars(MARKS)
                .ofMinLength(1).ofMaxLength(30);
    }

    /** Letters of any script are allowed, so a Cyrillic look-alike is another letter and another account. */
    @Property
    void aHomoglyphIsAnotherUsername(@ForAll("asciiUsernames") String username, @ForAll @IntRange(max = 6) int which) {
        char latin = HOMOGLYPHS.keySet().stream().sorted().toList().get(which);
        String withCyrillic = HOMOGLYPHS.get(latin) + username;

        assertThat(faults(withCyrillic)).isEmpty();
        assertThat(key(withCyrillic)).isNotEqualTo(key(latin + username));
    }

    @Property
    void anInvisibleCharacterAnywhereIsRejectedWithDjangosMessage(@ForAll("usernames") String username,
                                                                  @ForAll("invisible") int character, @ForAll int at) {
        Assume.that(username.length() < Username.MAX_LENGTH - 1);
        int position = Math.floorMod(at, username.length() + 1);
        String changed = username.substring(0, position) + Character.toString(character) + username.substring(position);

        assertThat(faults(changed)).containsExactly(AccountRules.INVALID_USERNAME);
    }

    @Provide
    Arbitrary<Integer> invisible() {
        return Arbitraries.of(INVISIBLE);
    }

    /**
     * Whatever is neither a letter (nor one of its marks), a digit nor one of {@code @ . + - _} once NFKC has folded
     * it: punctuation, symbols, emoji, spaces, controls, unassigned code points.
     */
    @Property
    void anyOtherCharacterInsideIsRejectedWithDjangosMessage(@ForAll("usernames") String username,
                                                             @ForAll("otherCharacters") int character, @ForAll int at) {
        Assume.that(username.length() < Username.MAX_LENGTH - 4);
        int position = Math.floorMod(at, username.length() + 1);
        // inside, never at an end, where white space would be trimmed away
        String changed = "u" + username.substring(0, position) + Character.toString(character) + username.substring(position) + "u";

        assertThat(faults(changed)).containsExactly(AccountRules.INVALID_USERNAME);
    }

    @Provide
    Arbitrary<Integer> otherCharacters() {
        Arbitrary<Integer> known = Arbitraries.of(0x20, 0x00, 0x2f, 0x21, 0x3c, 0x27, 0x22, 0x3b, 0x2c, 0x203f, 0x2028,
                0x1f600, 0x00a0, 0x2044, 0x20ac, 0xe000, 0x0378);
        Arbitrary<Integer> bmp = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Integer> astral = Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT);
        return Arbitraries.frequencyOf(Tuple.of(1, known), Tuple.of(4, bmp), Tuple.of(1, astral))
                .filter(UsernamePropertiesTest::outsideTheRuleOnceNormalised);
    }

    @Property
    void atMost150CharactersAreAllowedAndTheMessageCountsThem(@ForAll("asciiUsernames") String seed,
                                                             @ForAll @IntRange(min = 1, max = 300) int length) {
        String username = seed.repeat(length / seed.length() + 1).substring(0, length);

        if (length <= Username.MAX_LENGTH) {
            assertThat(faults(username)).isEmpty();
        } else {
            assertThat(faults(username)).containsExactly(
                    "Ensure this value has at most 150 characters (it has %d).".formatted(length));
        }
    }

    /** The username's faults as registration reports them, after normalising as registration does. */
    private static List<String> faults(String raw) {
        AccountDetails details = new AccountDetails("someone@example.com", raw, "", "").normalized();
        return AccountRules.faults(details).getOrDefault("username", List.of());
    }

    private static String key(String raw) {
        return Username.uniquenessKey(Username.normalize(raw));
    }

    /** Each character as it is, or its upper, lower or title case, as two bits of {@code choices} say. */
    private static String recase(String text, long choices) {
        StringBuilder recased = new StringBuilder();
        int at = 0;
        for (int codePoint : text.codePoints().toArray()) {
            int choice = (int) (choices >>> (2 * at++ % 64) & 3);
            recased.appendCodePoint(switch (choice) {
                case 0 -> codePoint;
                case 1 -> Character.toUpperCase(codePoint);
                case 2 -> Character.toLowerCase(codePoint);
                default -> Character.toTitleCase(codePoint);
            });
        }
        return recased.toString();
    }

    /** The rule, in Java's character types: is any character of this one's NFKC form outside it? */
    private static boolean outsideTheRuleOnceNormalised(int codePoint) {
        return Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKC).codePoints().anyMatch(c -> {
            int type = Character.getType(c);
            boolean letterOrMark = Character.isLetter(c) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
            boolean digit = Character.isDigit(c) || type == Character.LETTER_NUMBER;
            return !(letterOrMark || digit || MARKS.indexOf(c) >= 0) || INVISIBLE.contains(c);
        });
    }
}
