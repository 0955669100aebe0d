package io.ltvlake.common.identity;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/** E-mail addresses, trimmed and lower-cased; text that is not an address becomes empty. */
public final class Emails {

    /** Deliberately loose: one '@', a dot in the domain, no spaces. Exports are messy, mailers decide the rest. */
    public static final String PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Emails() {}

    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        return COMPILED.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    public static Column normaliseColumn(Column raw) {
        Column value = lower(trim(raw));
        return when(value.rlike(PATTERN), value);
    }
}
