package io.ltvlake.common.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What counts as raw contact data (phones and e-mail addresses), by column name and by value.
 * Marts carry customer_key only; the delivery jobs use these rules to refuse anything else.
 */
public final class PersonalData {

    /**
     * A column whose last word names a contact: {@code phone}, {@code caller_phone}, {@code email},
     * {@code email_address}, … but not {@code phone_count} or {@code email_count}, which count them.
     */
    private static final Pattern CONTACT_COLUMN = Pattern.compile(
            "^(.*_)?(phone|phones|email|emails|e_mail|msisdn|telephone|mobile|phone_number|mobile_number|email_address)$");
    private static final Pattern EMAIL = Pattern.compile(Emails.PATTERN);
    /** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private PersonalData() {}

    /** True when the column's name says it holds phones or e-mail addresses. */
    public static boolean isContactColumn(String column) {
        return CONTACT_COLUMN.matcher(column.toLowerCase(Locale.ROOT)).matches();
    }

    /** What a value looks like when it is a contact: "an e-mail address" or "an E.164 phone number"; empty otherwise. */
    public static Optional<String> contactKind(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        // cheap first: most values have neither an '@' nor a leading '+'
        if (v.indexOf('@') >= 0 && EMAIL.matcher(v).matches()) {
            return Optional.of("an e-mail address");
        }
        if (v.startsWith("+") && E164.matcher(v).matches()) {
            return Optional.of("an E.164 phone number");
        }
        return Optional.empty();
    }
}
