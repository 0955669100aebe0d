package io.ltvlake.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void contactColumnsByTheirLastWordNotCountsOfThem() {
        for (String name : new String[] {"phone", "caller_phone", "email", "EMAIL", "contact_email", "email_address",
                "mobile_number", "msisdn"}) {
            assertTrue(PersonalData.isContactColumn(name), name);
        }
        for (String name : new String[] {"phone_count", "email_count", "customer_key", "telephony_channel", "emailed_at"}) {
            assertFalse(PersonalData.isContactColumn(name), name);
        }
    }

    @Test
    void valuesThatLookLikeEmailsOrE164Phones() {
        assertEquals(Optional.of("an e-mail address"), PersonalData.contactKind(" Anna@Example.org "));
        assertEquals(Optional.of("an E.164 phone number"), PersonalData.contactKind("+79161234567"));
        assertEquals(Optional.empty(), PersonalData.contactKind("+0123456789"), "no country code starts with 0");
        assertEquals(Optional.empty(), PersonalData.contactKind("79161234567"), "E.164 has the plus");
        assertEquals(Optional.empty(), PersonalData.contactKind("c_4f2a9b"), "a customer_key");
        assertEquals(Optional.empty(), PersonalData.contactKind("at_risk"));
        assertEquals(Optional.empty(), PersonalData.contactKind("a@b"), "no dot in the domain");
        assertEquals(Optional.empty(), PersonalData.contactKind(null));
    }
}
