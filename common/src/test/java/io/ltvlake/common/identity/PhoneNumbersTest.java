package io.ltvlake.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // the three Russian export formats of one number
            "8 (912) 345-67-89 | RU | +79123456789",
            "+7 912 3456789    | RU | +79123456789",
            "79123456789       | RU | +79123456789",
            // more ways people write it
            "8-912-345-67-89   | RU | +79123456789",
            "9123456789        | RU | +79123456789",
            "+7(912)345 67 89  | RU | +79123456789",
            // a foreign number with its country code keeps it whatever the default region
            "+44 20 7946 0958  | RU | +442079460958",
            // a UK number in national format, read in GB
            "020 7946 0958     | GB | +442079460958",
    })
    void normalisesToE164(String raw, String region, String expected) {
        assertEquals(expected, PhoneNumbers.toE164(raw, region).orElseThrow());
    }

    @Test
    void rejectsWhatIsNotAPhoneNumber() {
        assertTrue(PhoneNumbers.toE164("12345", "RU").isEmpty());
        assertTrue(PhoneNumbers.toE164("call me", "RU").isEmpty());
        assertTrue(PhoneNumbers.toE164("", "RU").isEmpty());
        assertTrue(PhoneNumbers.toE164(null, "RU").isEmpty());
    }
}
