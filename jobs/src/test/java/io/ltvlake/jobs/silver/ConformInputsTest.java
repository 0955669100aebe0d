package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConformInputsTest {

    @Test
    void theRecordIsWrittenAndReadBack() {
        Map<TableSpec, Long> versions = new LinkedHashMap<>();
        versions.put(SilverTables.CALLS, 4L);
        versions.put(SilverTables.ORDER_LINES, 12L);
        versions.put(BronzeTables.BY_ENTITY.get("order_lines"), 30L);
        versions.put(BronzeTables.AUDIT, 9L);
        ConformInputs inputs = ConformInputs.of(LocalDate.parse("2025-03-02"), "0a1b", versions);
        String text = inputs.format();
        assertEquals("run_date=2025-03-02;settings=0a1b;bronze.ingest_audit=9;bronze.order_lines=30;silver.order_lines=12;"
                + "silver.calls=4", text, "run date, settings, then bronze before silver");
        ConformInputs back = ConformInputs.parse(text).orElseThrow();
        assertEquals(inputs, back);
        assertTrue(back.recordsBronze());
        assertEquals(Optional.of(30L), back.version(BronzeTables.BY_ENTITY.get("order_lines")));
        assertEquals(Optional.empty(), back.version(BronzeTables.BY_ENTITY.get("messages")), "a table the run did not find");
    }

    @Test
    void aRecordOfEarlierRunsHoldsSilverVersionsOnly() {
        ConformInputs earlier = ConformInputs.parse("silver.order_lines=12;silver.calls=4").orElseThrow();
        assertEquals(Map.of("silver.order_lines", 12L, "silver.calls", 4L), earlier.versions());
        assertFalse(earlier.recordsBronze(), "it says nothing of bronze: silver cannot be conformed from the changed days");
    }

    @Test
    void anythingElseIsNotARecordOfInputs() {
        assertEquals(Optional.empty(), ConformInputs.parse("silver.order_lines=twelve"));
        assertEquals(Optional.empty(), ConformInputs.parse("silver.customers=3"), "not a table conform records");
        assertEquals(Optional.empty(), ConformInputs.parse("silver.calls=4=5"));
        assertEquals(Optional.empty(), ConformInputs.parse("run_date=yesterday;silver.calls=4"));
        assertEquals(Optional.empty(), ConformInputs.parse("settings=NOT-HEX;silver.calls=4"));
    }
}
