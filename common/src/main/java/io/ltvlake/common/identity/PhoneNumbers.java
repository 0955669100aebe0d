package io.ltvlake.common.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Phone numbers to E.164, the form identity matching and the deliveries use. */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    /**
     * E.164 ({@code +79123456789}) for a number written in any common way, or empty when it
     * is not a valid number. Numbers without a country code are read in {@code defaultRegion};
     * a Russian trunk prefix 8 and a bare leading country code (79123456789) both work.
     */
    public static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String trimmed = raw.trim();
        for (String candidate : candidates(trimmed)) {
            try {
                Phonenumber.PhoneNumber number = util.parse(candidate, defaultRegion);
                if (util.isValidNumber(number)) {
                    return Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
                }
            } catch (NumberParseException e) {
                // try the next reading of the same text
            }
        }
        return Optional.empty();
    }

    /** Exports often drop the '+': "79123456789" is read as written and, failing that, as "+79123456789". */
    private static String[] candidates(String trimmed) {
        String digits = trimmed.replaceAll("[^0-9]", "");
        if (!trimmed.startsWith("+") && digits.length() >= 11) {
            return new String[] {trimmed, "+" + digits};
        }
        return new String[] {trimmed};
    }

    /** The same as a Spark column function; invalid numbers become null. */
    public static Column toE164Column(Column raw, String defaultRegion) {
        UDF2<String, String, String> udf = (value, region) -> toE164(value, region).orElse(null);
        return functions.udf(udf, DataTypes.StringType).apply(raw, functions.lit(defaultRegion));
    }
}
