package io.ltvlake.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CustomerKeysTest {

    private static final String PHONE = "phone:+79123456789";
    private static final String OTHER_SECRET = "another-secret-of-at-least-32-characters!";

    @Test
    void theKeyIsTheHmacOfTheIdentifierAndNotItsPlainHash() {
        // worked out with: printf 'phone:+79123456789' | openssl dgst -sha256 -hmac 'ltvlake-development-secret:not-for-production-data'
        //   -> e7832c0e708f8cea4480a1bbc3cbc281adbcf3c5da006cc797f63171592daa01
        assertEquals("e7832c0e708f8cea", new CustomerKeys(CustomerKeys.DEVELOPMENT_SECRET).keyOf(PHONE));
        // printf 'phone:+79123456789' | sha256sum -> 6058472b0dad77d0…: the old, enumerable key
        assertNotEquals("6058472b0dad77d0", new CustomerKeys(CustomerKeys.DEVELOPMENT_SECRET).keyOf(PHONE));
    }

    @Test
    void anotherSecretGivesAnotherKeyAndTheSameSecretTheSameKey() {
        // printf 'phone:+79123456789' | openssl dgst -sha256 -hmac 'another-secret-of-at-least-32-characters!'
        assertEquals("c95eeff0b37ab74d", new CustomerKeys(OTHER_SECRET).keyOf(PHONE));
        assertEquals(new CustomerKeys(OTHER_SECRET).keyOf(PHONE), new CustomerKeys(OTHER_SECRET).keyOf(PHONE));
        assertNull(new CustomerKeys(OTHER_SECRET).keyOf((String) null));
    }

    @Test
    void aShortSecretIsRefusedAndTheSecretIsNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> new CustomerKeys("short"));
        assertFalse(new CustomerKeys(OTHER_SECRET).toString().contains(OTHER_SECRET));
    }
}
