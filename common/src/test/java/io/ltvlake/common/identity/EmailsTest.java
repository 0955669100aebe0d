package io.ltvlake.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmailsTest {

    @Test
    void lowerCasesAndTrims() {
        assertEquals("ivan.petrov@mail.ru", Emails.normalise("  Ivan.Petrov@Mail.RU ").orElseThrow());
        assertEquals("a+tag@example.co.uk", Emails.normalise("A+Tag@EXAMPLE.co.uk").orElseThrow());
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        assertTrue(Emails.normalise("no-at-sign.ru").isEmpty());
        assertTrue(Emails.normalise("two@@mail.ru").isEmpty());
        assertTrue(Emails.normalise("user@localhost").isEmpty());
        assertTrue(Emails.normalise("with space@mail.ru").isEmpty());
        assertTrue(Emails.normalise(null).isEmpty());
    }
}
