package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The email rules as DESIGN.md states them, for generated addresses: trimmed with the domain part lowercased
 * (Django's {@code normalize_email}), valid syntax (Django's {@code EmailValidator}), at most 254 characters, unique
 * case-insensitively over the whole address.
 */
class EmailAddressPropertiesTest {

    /** Latin letters and the Cyrillic letters that look the same. */
    private static final Map<Character, Character> HOMOGLYPHS = Map.of('a', '\u0430', 'c', '\u0441', 'e', '\u0435',
            'o', '\u043e', 'p', '\u0440', 'x', '\u0445', 'y', '\u0443');
    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";

    /** Addresses of Django's dot-atom form: {@code local@label.label.tld}, any letter case, at most 254 characters. */
    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> atom = Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> local = atom.list().ofMinSize(1).ofMaxSize(4).map(atoms -> String.join(".", atoms))
                .filter(part -> part.length() <= 64);
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> tld = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofMinLength(2).ofMaxLength(6);
        Arbitrary<String> domain = Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), tld)
                .as((labels, top) -> String.join(".", labels) + "." + top);
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    /** Any text, with the characters email rules turn on (white space of several kinds, {@code @}, odd cases) made common. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> awkward = Arbitraries.strings().withChars("@ .\t\n\u00a0\u2003\u3000\u0000ẞßİıΣς").ofMaxLength(6);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(30);
        return Combinators.combine(any, awkward, any).as((a, b, c) -> a + b + c);
    }

    @Property
    void normalisingTwiceIsNormalisingOnce(@ForAll("anyText") String raw) {
        String once = EmailAddress.normalize(raw);

        assertThat(EmailAddress.normalize(once)).isEqualTo(once);
    }

    @Property
    void everyGeneratedAddressIsValidAndUnchangedOnceItsDomainIsLowerCase(@ForAll("addresses") String address) {
        String lowerDomain = localPart(address) + "@" + domain(address).toLowerCase(Locale.ROOT);

        assertThat(faults(address)).isEmpty();
        assertThat(EmailAddress.normalize(lowerDomain)).isEqualTo(lowerDomain);
    }

    @Property
    void normalisingTrimsWhiteSpaceAndLowercasesTheDomainButNeverTheLocalPart(
            @ForAll("addresses") String address, @ForAll("whiteSpace") String before, @ForAll("whiteSpace") String after) {
        String normalised = EmailAddress.normalize(before + address + after);

        assertThat(normalised).isEqualTo(localPart(address) + "@" + domain(address).toLowerCase(Locale.ROOT));
    }

    @Provide
    Arbitrary<String> whiteSpace() {
        return Arbitraries.strings().withChars(" \t\n\r\u2003\u3000").ofMaxLength(4);
    }

    @Property
    void everyLetterCaseOfAnAddressHasTheSameUniquenessKey(@ForAll("addresses") String address, @ForAll long flips) {
        String variant = flipCase(address, flips);

        assertThat(key(variant)).isEqualTo(key(address));
        assertThat(key(variant)).isEqualTo(key(address.toUpperCase(Locale.ROOT))).isEqualTo(key(address.toLowerCase(Locale.ROOT)));
    }

    /** A Cyrillic look-alike is another letter, not another case: in the domain it is another (valid) address. */
    @Property
    void aHomoglyphInTheDomainIsAnotherAddress(@ForAll("addresses") String address, @ForAll @IntRange(max = 6) int which) {
        String domain = domain(address).toLowerCase(Locale.ROOT);
        char latin = List.copyOf(HOMOGLYPHS.keySet()).stream().sorted().toList().get(which);
        String withLatin = localPart(address) + "@" + latin + domain;
        String withCyrillic = localPart(address) + "@" + HOMOGLYPHS.get(latin) + domain;

        assertThat(faults(withCyrillic)).isEmpty();
        assertThat(key(withCyrillic)).isNotEqualTo(key(withLatin));
    }

    /** Django's local part is ASCII: a look-alike, an accent or an invisible character there makes no address. */
    @Property
    void anyNonAsciiCharacterInTheLocalPartIsRejected(@ForAll("addresses") String address,
                                                      @ForAll("nonAscii") String character, @ForAll int at) {
        String local = localPart(address);
        int position = Math.floorMod(at, local.length() + 1);
        String changed = local.substring(0, position) + character + local.substring(position) + "@" + domain(address);

        assertThat(faults(changed)).containsExactly(AccountRules.INVALID_EMAIL);
    }

    @Provide
    Arbitrary<String> nonAscii() {
        Arbitrary<String> homoglyph = Arbitraries.of(List.copyOf(HOMOGLYPHS.values())).map(String::valueOf);
        Arbitrary<String> any = Arbitraries.integers().between(0x80, Character.MAX_CODE_POINT)
                .filter(codePoint -> !Character.isWhitespace(codePoint)).map(Character::toString);
        return Arbitraries.oneOf(homoglyph, any, Arbitraries.of("\u200b", "\u200d", "\ufeff", "\u00e9", "\u202e"));
    }

    @Property
    void aControlCharacterOrASpaceInsideAnAddressIsRejected(@ForAll("addresses") String address,
                                                             @ForAll("controlOrSpace") char character, @ForAll int at) {
        int position = 1 + Math.floorMod(at, address.length() - 1);
        String changed = address.substring(0, position) + character + address.substring(position);

        assertThat(faults(changed)).containsExactly(AccountRules.INVALID_EMAIL);
    }

    @Provide
    Arbitrary<Character> controlOrSpace() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.chars().range('\u007f', '\u009f'),
                Arbitraries.of(' ', '\u00a0'));
    }

    @Property
    void halfASurrogatePairAnywhereIsRejected(@ForAll("addresses") String address,
                                              @ForAll("surrogates") char half, @ForAll int at) {
        int position = Math.floorMod(at, address.length() + 1);
        String changed = address.substring(0, position) + half + address.substring(position);

        assertThat(faults(changed)).isNotEmpty();
    }

    @Provide
    Arbitrary<Character> surrogates() {
        return Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
    }

    @Property
    void withoutAnAtSignNothingIsAnAddress(@ForAll("anyText") String raw) {
        String text = raw.replace("@", "");

        assertThat(faults(text)).isNotEmpty();
    }

    @Property
    void atMost254CharactersAreAllowedAndTheMessageCountsThem(@ForAll @IntRange(min = 5, max = 64) int localLength,
                                                             @ForAll @IntRange(min = 240, max = 270) int length) {
        String address = "l".repeat(localLength) + "@" + domainOfLength(length - localLength - 1);
        assertThat(address).hasSize(length);

        if (length <= EmailAddress.MAX_LENGTH) {
            assertThat(faults(address)).isEmpty();
        } else {
            assertThat(faults(address)).containsExactly(
                    "Ensure this value has at most 254 characters (it has %d).".formatted(length));
        }
    }

    /** The email's faults as registration reports them, after normalising as registration does. */
    private static List<String> faults(String raw) {
        AccountDetails details = new AccountDetails(raw, "someone", "", "").normalized();
        return AccountRules.faults(details).getOrDefault("email", List.of());
    }

    private static String key(String raw) {
        return EmailAddress.uniquenessKey(EmailAddress.normalize(raw));
    }

    private static String localPart(String address) {
        return address.substring(0, address.lastIndexOf('@'));
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** Upper- or lower-cases each character as the bits of {@code flips} say. */
    static String flipCase(String text, long flips) {
        StringBuilder flipped = new StringBuilder();
        int bit = 0;
        for (int codePoint : text.codePoints().toArray()) {
            boolean upper = (flips >>> (bit++ % 64) & 1) == 1;
            flipped.appendCodePoint(upper ? Character.toUpperCase(codePoint) : Character.toLowerCase(codePoint));
        }
        return flipped.toString();
    }

    /** A valid domain of exactly this many characters: labels of at most 63 letters, then {@code .com}. */
    private static String domainOfLength(int length) {
        StringBuilder domain = new StringBuilder();
        int left = length - ".com".length();
        while (left > 0) {
            int label = Math.min(63, left);
            if (left - label == 1) {
                label--; // a dot needs a label after it
            }
            domain.append("d".repeat(label));
            left -= label;
            if (left > 0) {
                domain.append('.');
                left--;
            }
        }
        return domain + ".com";
    }
}
