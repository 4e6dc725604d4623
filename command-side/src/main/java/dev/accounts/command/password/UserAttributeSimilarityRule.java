package dev.accounts.command.password;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.passay.FailureRuleResult;
import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.SuccessRuleResult;
import org.passay.rule.Rule;

/**
 * Django's {@code UserAttributeSimilarityValidator} as a passay {@link Rule}: the password must not be
 * too similar to the user's username, first name, last name or email address.
 *
 * <p>Port of Django's algorithm, with lengths counted in code points as Python does: the password is
 * lowercased; each non-blank attribute, lowercased, is split on {@code \W+} and the whole value is
 * added to the parts; a part much shorter than the password is skipped
 * ({@code len(pw) >= 10 * len(part) and len(part) < max_similarity / 2 * len(pw)}); the rule fails
 * on the first part whose {@code difflib.SequenceMatcher.quick_ratio()} reaches the maximum
 * similarity of 0.7.
 */
final class UserAttributeSimilarityRule implements Rule {

    static final String ERROR_CODE = "PASSWORD_TOO_SIMILAR";
    static final String VERBOSE_NAME = "verbose_name";
    static final double MAX_SIMILARITY = 0.7;

    /** Python's {@code re.split(r"\W+", ...)} on a str: Unicode-aware word characters. */
    private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Attribute verbose name to value, in the order they are checked. */
    private final Map<String, String> attributes;

    UserAttributeSimilarityRule(UserAttributes user) {
        Map<String, String> ordered = new LinkedHashMap<>();
        if (user != null) {
            // Django's UserAttributeSimilarityValidator.DEFAULT_USER_ATTRIBUTES order
            ordered.put("username", user.username());
            ordered.put("first name", user.firstName());
            ordered.put("last name", user.lastName());
            ordered.put("email address", user.email());
        }
        this.attributes = ordered;
    }

    @Override
    public RuleResult validate(PasswordData passwordData) {
        int[] password = passwordData.getPassword().toString().toLowerCase(Locale.ROOT).codePoints().toArray();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String value = attribute.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (String part : parts(value.toLowerCase(Locale.ROOT))) {
                int[] partCodePoints = part.codePoints().toArray();
                if (exceedsMaximumLengthRatio(password.length, partCodePoints.length)) {
                    continue;
                }
                if (quickRatio(password, partCodePoints) >= MAX_SIMILARITY) {
                    Map<String, Object> parameters = new LinkedHashMap<>();
                    parameters.put(VERBOSE_NAME, attribute.getKey());
                    return new FailureRuleResult(new RuleResultDetail(ERROR_CODE, parameters));
                }
            }
        }
        return new SuccessRuleResult();
    }

    /** {@code re.split(r"\W+", value) + [value]}: keeps leading and trailing empty parts, as Python does. */
    static List<String> parts(String value) {
        List<String> parts = new ArrayList<>(List.of(NON_WORD.split(value, -1)));
        parts.add(value);
        return parts;
    }

    /** Django's {@code exceeds_maximum_length_ratio}: true when the part is too short to compare. */
    static boolean exceedsMaximumLengthRatio(int passwordLength, int valueLength) {
        double lengthBoundSimilarity = MAX_SIMILARITY / 2 * passwordLength;
        return passwordLength >= 10 * valueLength && valueLength < lengthBoundSimilarity;
    }

    /**
     * {@code difflib.SequenceMatcher(a=a, b=b).quick_ratio()}: twice the size of the multiset
     * intersection of the two strings' characters over their total length, 1.0 when both are empty.
     */
    static double quickRatio(int[] a, int[] b) {
        int total = a.length + b.length;
        if (total == 0) {
            return 1.0;
        }
        Map<Integer, Integer> available = new HashMap<>();
        for (int c : b) {
            available.merge(c, 1, Integer::sum);
        }
        int matches = 0;
        for (int c : a) {
            Integer left = available.get(c);
            if (left != null && left > 0) {
                available.put(c, left - 1);
                matches++;
            }
        }
        return 2.0 * matches / total;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxSimilarity=" + MAX_SIMILARITY + ", attributes=" + attributes.keySet() + "]";
    }
}
