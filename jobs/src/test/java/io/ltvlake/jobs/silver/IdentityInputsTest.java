package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.lake.TableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityInputsTest {

    @Test
    void theVersionsAreWrittenAndReadBack() {
        Map<TableSpec, Long> versions = new LinkedHashMap<>();
        versions.put(SilverTables.ORDER_LINES, 12L);
        versions.put(SilverTables.CALLS, 4L);
        String text = IdentityInputs.format(versions);
        assertEquals("silver.order_lines=12;silver.calls=4", text);
        assertEquals(Optional.of(Map.of("silver.order_lines", 12L, "silver.calls", 4L)), IdentityInputs.parse(text));
    }

    @Test
    void anythingElseIsNotARecordOfInputs() {
        assertEquals(Optional.empty(), IdentityInputs.parse(""));
        assertEquals(Optional.empty(), IdentityInputs.parse("silver.order_lines=twelve"));
        assertEquals(Optional.empty(), IdentityInputs.parse("silver.orders=3"), "not an identity input");
        assertEquals(Optional.empty(), IdentityInputs.parse("silver.calls=4=5"));
    }
}
