package dev.accounts.command.password;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import me.gosimple.nbvcxz.resources.DictionaryUtil;
import org.passay.UnicodeString;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.sort.ArraysSort;
import org.passay.rule.DictionaryRule;

/**
 * Django's {@code CommonPasswordValidator} as a passay {@link DictionaryRule}: the password, stripped
 * and lowercased, must not be one of the {@code size} most common passwords of nbvcxz's ranked
 * {@code passwords} dictionary (rank 1 = most common). The dictionary is read from the nbvcxz jar
 * once per JVM, the first time a rule is built.
 */
final class CommonPasswordRule extends DictionaryRule {

    private final int size;

    CommonPasswordRule(int size) {
        // case-sensitive: both the list and the candidate are lowercased already, as Django compares them, and
        // passay's case-insensitive comparison walks code points through streams on every step of the search
        super(new WordListDictionary(new ArrayWordList(RankedPasswords.top(size), true, new ArraysSort())), false);
        this.size = size;
    }

    /** Django compares {@code password.lower().strip()} with the list. */
    @Override
    protected CharSequence doWordSearch(UnicodeString word) {
        String candidate = word.toString().toLowerCase(Locale.ROOT).strip();
        return getDictionary().search(candidate) ? candidate : null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + size + "]";
    }

    /** Lazy holder: nbvcxz's password list in rank order, lowercased and stripped like Django's list. */
    private static final class RankedPasswords {

        private static final String[] BY_RANK = load();

        private static String[] load() {
            Map<String, Integer> ranked = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords);
            return ranked.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .map(entry -> entry.getKey().toLowerCase(Locale.ROOT).strip())
                    .toArray(String[]::new);
        }

        /** The words ranked 1..size (fewer when the list is shorter), deduplicated; a fresh array. */
        static String[] top(int size) {
            Set<String> words = new LinkedHashSet<>(Arrays.asList(BY_RANK).subList(0, Math.min(size, BY_RANK.length)));
            return words.toArray(String[]::new);
        }
    }
}
