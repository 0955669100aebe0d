package io.ltvlake.jobs.delivery.extracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    /** The days of [from, to] on which the schedule is due. */
    private static List<LocalDate> dueDays(String schedule, String from, String to) {
        Schedule parsed = Schedule.parse(schedule);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            if (parsed.dueOn(d)) {
                days.add(d);
            }
        }
        return days;
    }

    private static List<LocalDate> dates(String... days) {
        return java.util.Arrays.stream(days).map(LocalDate::parse).toList();
    }

    @Test
    void dailyIsDueEveryDay() {
        assertEquals(366, dueDays("daily", "2028-01-01", "2028-12-31").size(), "2028 is a leap year");
    }

    @Test
    void weeklyIsDueOnItsWeekdayAcrossMonthAndYearEnds() {
        // 2026-12-28 is a Monday; the next Mondays are 2027-01-04 and 2027-01-11
        assertEquals(dates("2026-12-28", "2027-01-04", "2027-01-11"), dueDays("weekly on monday", "2026-12-27", "2027-01-12"));
        assertEquals(dates("2026-11-22"), dueDays("weekly on sun", "2026-11-16", "2026-11-22"), "short names work");
        assertEquals(Schedule.parse("weekly on sunday"), Schedule.parse("  Weekly   on  SUN "));
    }

    @Test
    void monthlyOnADayTheMonthLacksFallsOnItsLastDay() {
        // day 31: 31 January, 28 February (2027 is not a leap year), 31 March, 30 April
        assertEquals(dates("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"),
                dueDays("monthly on 31", "2027-01-01", "2027-04-30"));
        // day 30 in February of a leap year: the 29th
        assertEquals(dates("2028-01-30", "2028-02-29", "2028-03-30"), dueDays("monthly on 30", "2028-01-01", "2028-03-31"));
    }

    @Test
    void monthlyOn29FebruaryInLeapAndOtherYears() {
        assertEquals(dates("2028-02-29"), dueDays("monthly on 29", "2028-02-01", "2028-02-29"), "leap year: the 29th");
        assertEquals(dates("2027-02-28"), dueDays("monthly on 29", "2027-02-01", "2027-02-28"), "otherwise the 28th");
        assertFalse(Schedule.parse("monthly on 29").dueOn(LocalDate.parse("2028-02-28")), "not twice in a leap February");
        // 2100 is not a leap year (divisible by 100, not by 400); 2000 was
        assertTrue(Schedule.parse("monthly on 29").dueOn(LocalDate.parse("2100-02-28")));
        assertTrue(Schedule.parse("monthly on 29").dueOn(LocalDate.parse("2000-02-29")));
    }

    @Test
    void monthlyOnLastIsTheMonthEndAndEveryMonthGetsExactlyOneRun() {
        assertEquals(dates("2028-02-29", "2028-03-31", "2028-04-30"), dueDays("monthly on last", "2028-02-01", "2028-04-30"));
        for (int day = 1; day <= 31; day++) {
            for (String year : List.of("2027", "2028")) {
                for (int month = 1; month <= 12; month++) {
                    java.time.YearMonth ym = java.time.YearMonth.parse(year + "-" + String.format("%02d", month));
                    int runs = dueDays("monthly on " + day, ym.atDay(1).toString(), ym.atEndOfMonth().toString()).size();
                    assertEquals(1, runs, "monthly on " + day + " in " + ym);
                }
            }
        }
        assertEquals(dates("2027-01-01", "2027-02-01"), dueDays("monthly on 1", "2027-01-01", "2027-02-27"));
    }

    @Test
    void badSchedulesNameWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("weekly on funday")).getMessage()
                .contains("'funday' is not a weekday"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("monthly on 32")).getMessage()
                .contains("not a day of the month"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("hourly")).getMessage()
                .contains(Schedule.SYNTAX));
    }
}
