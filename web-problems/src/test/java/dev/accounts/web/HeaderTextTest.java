package dev.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** {@link HeaderText} answers as {@link StrictHttpFirewall}'s own checks do, for every string tried. */
class HeaderTextTest {

    private static final Predicate<String> FIREWALL_NAMES = StrictHttpFirewall.ALLOWED_HEADER_NAMES;
    private static final Predicate<String> FIREWALL_VALUES = StrictHttpFirewall.ALLOWED_HEADER_VALUES;

    @Test
    void everyCodePointAloneAndInText() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = new String(Character.toChars(codePoint));
            String inText = "x-" + alone + "-y";
            for (String text : new String[] {alone, inText}) {
                assertThat(HeaderText.isAllowedName(text)).as("name U+%04X", codePoint).isEqualTo(FIREWALL_NAMES.test(text));
                assertThat(HeaderText.isAllowedValue(text)).as("value U+%04X", codePoint).isEqualTo(FIREWALL_VALUES.test(text));
            }
        }
    }

    @Test
    void typicalHeadersPassAndControlsDoNot() {
        assertThat(HeaderText.isAllowedValue("Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig")).isTrue();
        assertThat(HeaderText.isAllowedValue("")).isTrue();
        assertThat(HeaderText.isAllowedValue("a\tb")).isTrue();
        assertThat(HeaderText.isAllowedName("a\tb")).isFalse();
        assertThat(HeaderText.isAllowedValue("a\r\nSet-Cookie: x")).isFalse();
        assertThat(HeaderText.isAllowedValue("nul\u0000")).isFalse();
        assertThat(HeaderText.isAllowedValue("del\u007f")).isFalse();
        assertThat(HeaderText.isAllowedValue("c1\u0085")).isFalse();
        assertThat(HeaderText.isAllowedValue("unassigned\u0378")).isFalse();
        assertThat(HeaderText.isAllowedValue("caf\u00e9 \ud83d\ude00")).isTrue();
    }

    @Test
    void randomStringsWithSurrogatesAndControls() {
        SplittableRandom random = new SplittableRandom(42);
        char[] palette = {'a', 'Z', '0', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378',
                '\ud83d', '\ude00', '\udbff', '\udfff', '\ufffe', '\uffff', '|'};
        for (int n = 0; n < 200_000; n++) {
            char[] text = new char[random.nextInt(0, 6)];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : palette[random.nextInt(palette.length)];
            }
            String s = new String(text);
            assertThat(HeaderText.isAllowedName(s)).as("name %s", s.chars().boxed().toList()).isEqualTo(FIREWALL_NAMES.test(s));
            assertThat(HeaderText.isAllowedValue(s)).as("value %s", s.chars().boxed().toList()).isEqualTo(FIREWALL_VALUES.test(s));
        }
    }
}
