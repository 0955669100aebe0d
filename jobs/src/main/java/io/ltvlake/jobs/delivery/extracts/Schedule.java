package io.ltvlake.jobs.delivery.extracts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;

/**
 * When a scheduled extract is due, judged on the run date (the night being processed):
 * <ul>
 *   <li>{@code daily}: every run date;</li>
 *   <li>{@code weekly on <weekday>}: run dates on that weekday ({@code monday} … {@code sunday});</li>
 *   <li>{@code monthly on <day>} (1-31): that day of each month; in a month without that day, its
 *       last day instead. So {@code monthly on 31} is due on 30 April and on 28 February (29 in a leap
 *       year), and {@code monthly on 29} is due on 29 February in a leap year and on 28 February
 *       otherwise: every month gets exactly one extract, never none and never two;</li>
 *   <li>{@code monthly on last}: the last day of each month (the month end), the same days as
 *       {@code monthly on 31}.</li>
 * </ul>
 */
public record Schedule(Kind kind, DayOfWeek weekday, int dayOfMonth, String text) {

    public enum Kind { DAILY, WEEKLY, MONTHLY }

    public static final String SYNTAX = "daily, weekly on <monday..sunday>, monthly on <1..31> or monthly on last";

    /** Parses the config form; throws IllegalArgumentException naming the accepted forms. */
    public static Schedule parse(String raw) {
        String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (text.equals("daily")) {
            return new Schedule(Kind.DAILY, null, 0, text);
        }
        if (text.startsWith("weekly on ")) {
            String day = text.substring("weekly on ".length());
            for (DayOfWeek weekday : DayOfWeek.values()) {
                String name = weekday.name().toLowerCase(Locale.ROOT);
                if (day.equals(name) || day.equals(name.substring(0, 3))) {
                    return new Schedule(Kind.WEEKLY, weekday, 0, "weekly on " + name);
                }
            }
            throw new IllegalArgumentException("'" + raw + "': '" + day + "' is not a weekday (monday .. sunday)");
        }
        if (text.startsWith("monthly on ")) {
            String day = text.substring("monthly on ".length());
            if (day.equals("last")) {
                return new Schedule(Kind.MONTHLY, null, 31, text);
            }
            try {
                int n = Integer.parseInt(day);
                if (n >= 1 && n <= 31) {
                    return new Schedule(Kind.MONTHLY, null, n, text);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw new IllegalArgumentException("'" + raw + "': '" + day + "' is not a day of the month (1 .. 31) or last");
        }
        throw new IllegalArgumentException("'" + raw + "' is not a schedule; write " + SYNTAX);
    }

    /** True when a run on {@code date} produces the extract. */
    public boolean dueOn(LocalDate date) {
        return switch (kind) {
            case DAILY -> true;
            case WEEKLY -> date.getDayOfWeek() == weekday;
            case MONTHLY -> date.getDayOfMonth() == Math.min(dayOfMonth, date.lengthOfMonth());
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
