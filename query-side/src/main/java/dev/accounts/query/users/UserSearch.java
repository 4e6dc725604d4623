package dev.accounts.query.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a reader asks of the users list: search terms (each must match the email, username, first or
 * last name, in any letter case), optional flag filters, an ordering, and a page.
 *
 * @param terms      search terms, all of which must match; empty for no search
 * @param active     {@code is_active} filter, or {@code null} for either
 * @param staff      {@code is_staff} filter, or {@code null} for either
 * @param superuser  {@code is_superuser} filter, or {@code null} for either
 * @param ordering   sort keys, most significant first; ties are always broken by id
 * @param page       page number, from 1
 * @param pageSize   rows per page
 */
public record UserSearch(List<String> terms, Boolean active, Boolean staff, Boolean superuser,
                         List<Order> ordering, int page, int pageSize) {

    /** The ordering when a reader asks for none: oldest account first. */
    public static final List<Order> DEFAULT_ORDERING = List.of(new Order(Field.DATE_JOINED, false));

    public UserSearch {
        terms = List.copyOf(terms);
        ordering = List.copyOf(ordering);
        if (page < 1 || pageSize < 1) {
            throw new IllegalArgumentException("page and pageSize start at 1");
        }
    }

    /** The rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** A sort key. */
    public record Order(Field field, boolean descending) {
    }

    /** A column readers may order by; its name is both the API's and the table's. */
    public enum Field {
        ID("id"), EMAIL("email"), USERNAME("username"), FIRST_NAME("first_name"), LAST_NAME("last_name"),
        IS_ACTIVE("is_active"), IS_STAFF("is_staff"), IS_SUPERUSER("is_superuser"),
        DATE_JOINED("date_joined"), LAST_LOGIN("last_login");

        private final String column;

        Field(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        public static Optional<Field> named(String name) {
            return Arrays.stream(values()).filter(field -> field.column.equals(name)).findFirst();
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(Field::column).toList();
        }
    }
}
