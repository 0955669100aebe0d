package io.ltvlake.jobs.gold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotPlanTest {

    private static final LocalDate JANUARY = LocalDate.of(2026, 1, 1);
    private static final LocalDate FEBRUARY = LocalDate.of(2026, 2, 1);
    private static final LocalDate APRIL = LocalDate.of(2026, 4, 1);
    private static final List<LocalDate> MONTH_ENDS = List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28),
            LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30));

    /** January and February bought, March nothing, April bought. */
    private static List<SnapshotPlan.MonthInputs> history(long februaryPurchases) {
        return List.of(new SnapshotPlan.MonthInputs(APRIL, 7L, 1, 70L, 1),
                new SnapshotPlan.MonthInputs(JANUARY, 11L, 2, 13L, 1),
                new SnapshotPlan.MonthInputs(FEBRUARY, 17L, februaryPurchases, 19L, 1));
    }

    @Test
    void monthEndsRunFromTheFirstPurchaseToTheDayBeforeTheRun() {
        assertEquals(List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 31)),
                SnapshotPlan.monthEndsBefore(history(1), LocalDate.of(2026, 4, 30)), "the run's own month end is the run date");
        assertEquals(List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 31),
                LocalDate.of(2026, 4, 30)), SnapshotPlan.monthEndsBefore(history(1), LocalDate.of(2026, 5, 1)));
        assertEquals(List.of(), SnapshotPlan.monthEndsBefore(history(1), LocalDate.of(2026, 1, 20)), "January is not over");
        assertEquals(List.of(), SnapshotPlan.monthEndsBefore(List.of(), LocalDate.of(2026, 5, 1)), "no purchases, no month ends");
        // a month with deals but no purchase of a known customer does not open the history
        assertEquals(List.of(LocalDate.of(2026, 4, 30)), SnapshotPlan.monthEndsBefore(
                List.of(new SnapshotPlan.MonthInputs(JANUARY, 0L, 0, 5L, 1), new SnapshotPlan.MonthInputs(APRIL, 7L, 1, 70L, 1)),
                LocalDate.of(2026, 5, 1)));
    }

    @Test
    void theRunDateAndTheDayBeforeAreAddedOnceEach() {
        LocalDate march31 = LocalDate.of(2026, 3, 31);
        assertEquals(List.of(LocalDate.of(2026, 2, 28), march31, LocalDate.of(2026, 4, 10), LocalDate.of(2026, 4, 9)),
                SnapshotPlan.withRunDateAndDayBefore(List.of(LocalDate.of(2026, 2, 28), march31), LocalDate.of(2026, 4, 10)));
        // run on April 1: the day before is March's end, already in the list
        assertEquals(List.of(LocalDate.of(2026, 2, 28), march31, LocalDate.of(2026, 4, 1)),
                SnapshotPlan.withRunDateAndDayBefore(List.of(LocalDate.of(2026, 2, 28), march31), LocalDate.of(2026, 4, 1)));
        assertEquals(List.of(LocalDate.of(2026, 4, 1), march31), SnapshotPlan.withRunDateAndDayBefore(List.of(), LocalDate.of(2026, 4, 1)));
    }

    @Test
    void aChangeReachesTheMonthEndsFromItsMonthOnAndSettingsReachAll() {
        Map<LocalDate, Long> before = SnapshotPlan.fingerprints(history(1), MONTH_ENDS, "rfm");
        Map<LocalDate, Long> corrected = SnapshotPlan.fingerprints(history(2), MONTH_ENDS, "rfm");
        assertEquals(before.get(LocalDate.of(2026, 1, 31)), corrected.get(LocalDate.of(2026, 1, 31)), "January reads no February row");
        for (LocalDate later : MONTH_ENDS.subList(1, 4)) {
            assertNotEquals(before.get(later), corrected.get(later), later + " counts February's purchases");
        }
        assertEquals(before.get(LocalDate.of(2026, 2, 28)),
                SnapshotPlan.fingerprints(history(1), List.of(LocalDate.of(2026, 2, 28)), "rfm").get(LocalDate.of(2026, 2, 28)),
                "a fingerprint depends on its own date, not on the other dates asked for");
        assertEquals(before.get(LocalDate.of(2026, 2, 28)), before.get(LocalDate.of(2026, 3, 31)), "March bought nothing");
        assertNotEquals(before.get(LocalDate.of(2026, 3, 31)), before.get(LocalDate.of(2026, 4, 30)));
        Map<LocalDate, Long> resettled = SnapshotPlan.fingerprints(history(1), MONTH_ENDS, "rfm, five levels");
        MONTH_ENDS.forEach(d -> assertNotEquals(before.get(d), resettled.get(d), "new settings score " + d + " again"));
        // the same months in another order (as Spark returns them) give the same fingerprints
        assertEquals(before, SnapshotPlan.fingerprints(List.of(history(1).get(2), history(1).get(0), history(1).get(1)),
                MONTH_ENDS, "rfm"));
    }

    @Test
    void onlyMonthEndsStoredWithTheirCurrentFingerprintAreKept() {
        Map<LocalDate, Long> current = SnapshotPlan.fingerprints(history(2), MONTH_ENDS, "rfm");
        Map<LocalDate, Long> stored = new HashMap<>(SnapshotPlan.fingerprints(history(1), MONTH_ENDS, "rfm"));
        stored.remove(LocalDate.of(2026, 4, 30));
        assertEquals(List.of(LocalDate.of(2026, 1, 31)), SnapshotPlan.unchanged(current, stored),
                "February's correction rescores February on; April was never stored");
        assertEquals(List.of(), SnapshotPlan.unchanged(current, Map.of()), "an empty table keeps nothing");
    }
}
