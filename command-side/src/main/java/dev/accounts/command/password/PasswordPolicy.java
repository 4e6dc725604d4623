package dev.accounts.command.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.passay.DefaultPasswordValidator;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RuleResultDetail;
import org.passay.resolver.MessageResolver;
import org.passay.rule.DictionaryRule;
import org.passay.rule.IllegalRegexRule;
import org.passay.rule.LengthRule;
import org.passay.rule.Rule;
import org.springframework.stereotype.Component;

/**
 * Django's four default password validators, in Django's order, on top of passay:
 * <ol>
 *   <li>{@code UserAttributeSimilarityValidator}: "The password is too similar to the {verbose name}."</li>
 *   <li>{@code MinimumLengthValidator}: "This password is too short. It must contain at least 8 characters."</li>
 *   <li>{@code CommonPasswordValidator}: "This password is too common."</li>
 *   <li>{@code NumericPasswordValidator}: "This password is entirely numeric."</li>
 * </ol>
 * Thread-safe; a singleton bean built from {@link PasswordProperties}.
 */
@Component
public class PasswordPolicy {

    static final String TOO_SIMILAR = "The password is too similar to the %s.";
    static final String TOO_COMMON = "This password is too common.";
    static final String ENTIRELY_NUMERIC = "This password is entirely numeric.";

    /** Python's {@code str.isdigit()}, approximated by Unicode decimal digits; an empty password is not numeric. */
    private static final String ENTIRELY_DIGITS = "\\A\\d+\\z";

    private final int minLength;
    private final int commonListSize;
    private final List<Rule> rulesAfterSimilarity;
    private final MessageResolver messages;

    public PasswordPolicy(PasswordProperties properties) {
        Objects.requireNonNull(properties, "properties");
        this.minLength = properties.minLength();
        this.commonListSize = properties.commonListSize();
        List<Rule> rules = new ArrayList<>();
        rules.add(new LengthRule(minLength, Integer.MAX_VALUE));
        if (commonListSize > 0) {
            rules.add(new CommonPasswordRule(commonListSize));
        }
        rules.add(new IllegalRegexRule(ENTIRELY_DIGITS, Pattern.UNICODE_CHARACTER_CLASS));
        this.rulesAfterSimilarity = List.copyOf(rules);
        String tooShort = "This password is too short. It must contain at least " + minLength
                + (minLength == 1 ? " character." : " characters.");
        this.messages = detail -> message(detail, tooShort);
    }

    /**
     * Checks a password against the four validators.
     *
     * @param password the candidate password, never null
     * @param user the account the password is for; null, or null/blank attributes, skip the similarity check
     * @return Django's messages in Django's order, empty when the password is acceptable
     */
    public List<String> check(String password, UserAttributes user) {
        Objects.requireNonNull(password, "password");
        List<Rule> rules = new ArrayList<>(rulesAfterSimilarity.size() + 1);
        rules.add(new UserAttributeSimilarityRule(user));
        rules.addAll(rulesAfterSimilarity);
        PasswordValidator validator =
                new DefaultPasswordValidator(messages, DefaultPasswordValidator.NO_ENTROPY_PROVIDER, rules);
        PasswordData data = new PasswordData(password);
        try {
            return List.copyOf(validator.validate(data).getMessages());
        } finally {
            data.clear();
        }
    }

    private static String message(RuleResultDetail detail, String tooShort) {
        return switch (detail.getErrorCode()) {
            case UserAttributeSimilarityRule.ERROR_CODE ->
                    TOO_SIMILAR.formatted(detail.getParameters().get(UserAttributeSimilarityRule.VERBOSE_NAME));
            case LengthRule.ERROR_CODE_MIN -> tooShort;
            case DictionaryRule.ERROR_CODE -> TOO_COMMON;
            case IllegalRegexRule.ERROR_CODE -> ENTIRELY_NUMERIC;
            default -> throw new IllegalStateException("No message for passay error code " + detail.getErrorCode());
        };
    }

    @Override
    public String toString() {
        return "PasswordPolicy[minLength=" + minLength + ", commonListSize=" + commonListSize + "]";
    }
}
