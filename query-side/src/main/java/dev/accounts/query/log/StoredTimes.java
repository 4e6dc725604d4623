package dev.accounts.query.log;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.common.DateTimeUtils;

/**
 * The event log's time text, as Axon writes it ({@code 2026-11-24T07:49:35.123Z}: UTC, three to nine digits
 * of fraction), read without a {@code DateTimeFormatter}. Anything else in that column (no fraction, an
 * offset, a year beyond 9999) is left to Axon's own parser, so the result is always Axon's.
 */
public final class StoredTimes {

    private static final int SECONDS_PER_DAY = 86_400;

    private StoredTimes() {
    }

    public static Instant parse(String text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : DateTimeUtils.parseInstant(text);
    }

    /** The common form, or null when the text is not in it. */
    private static Instant parseCommonForm(String text) {
        int length = text.length();
        // yyyy-MM-ddTHH:mm:ss.fffZ .. yyyy-MM-ddTHH:mm:ss.fffffffffZ
        if (length < 24 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = digits(text, 20, length - 1);
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) {
            return null;
        }
        int nanos = fraction;
        for (int scale = length - 1 - 20; scale < 9; scale++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
