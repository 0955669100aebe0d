package io.ltvlake.tools.sample;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The history: {@code days} UTC export days ending at {@code end}. Times are epoch seconds (UTC). Business time is
 * Moscow (UTC+3, no DST), used for seasonality and opening hours.
 */
final class Timeline {
  static final long MINUTE = 60L;
  static final long HOUR = 3_600L;
  static final long DAY = 86_400L;
  static final long BUSINESS_OFFSET = 3 * HOUR;

  /** Weights of the local hour of an order/session: mostly 09:00-22:00 Moscow time, evening peak. */
  private static final double[] HOUR_W = {0.5, 0.25, 0.12, 0.08, 0.08, 0.12, 0.3, 0.8, 1.6, 4, 6, 7, 7, 7, 7, 7, 7,
      7.5, 8, 9, 9, 8, 2, 1};

  final LocalDate start;
  final LocalDate end;
  final int days;
  final long startSec;
  final long endSec; // exclusive
  private final String[] dates;
  /** Seasonal weight of local day i: Nov-Dec x1.5, Jan and Jun-Aug x0.8, weekends x1.3. */
  final double[] weight;
  final double maxWeight;

  Timeline(LocalDate end, int days) {
    this.end = end;
    this.days = days;
    this.start = end.minusDays(days - 1L);
    this.startSec = start.toEpochDay() * DAY;
    this.endSec = (end.toEpochDay() + 1) * DAY;
    this.dates = new String[days];
    this.weight = new double[days];
    double max = 0;
    for (int i = 0; i < days; i++) {
      LocalDate d = start.plusDays(i);
      dates[i] = d.toString();
      int m = d.getMonthValue();
      double w = (m == 11 || m == 12) ? 1.5 : (m == 1 || m == 6 || m == 7 || m == 8) ? 0.8 : 1.0;
      if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        w *= 1.3;
      }
      weight[i] = w;
      max = Math.max(max, w);
    }
    this.maxWeight = max;
  }

  /** UTC export-day index of a time (may be outside [0, days)). */
  int day(long sec) {
    return (int) Math.floorDiv(sec - startSec, DAY);
  }

  boolean inRange(long sec) {
    return sec >= startSec && sec < endSec;
  }

  String date(int day) {
    return day >= 0 && day < days ? dates[day] : start.plusDays(day).toString();
  }

  /** {@code 2025-03-04T10:15:00Z}. */
  String ts(long sec) {
    int d = day(sec);
    int s = (int) (sec - startSec - d * DAY);
    StringBuilder sb = new StringBuilder(20).append(date(d)).append('T');
    two(sb, s / 3600).append(':');
    two(sb, (s / 60) % 60).append(':');
    return two(sb, s % 60).append('Z').toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  /** A local (business) day index drawn with the seasonal weights. */
  int seasonalDay(SplittableRandom r) {
    while (true) {
      int d = r.nextInt(days);
      if (r.nextDouble() * maxWeight < weight[d]) {
        return d;
      }
    }
  }

  /** A UTC time within the range on business day {@code localDay}, at a typical local hour. */
  long localTime(SplittableRandom r, int localDay) {
    long base = (start.toEpochDay() + localDay) * DAY - BUSINESS_OFFSET;
    for (int i = 0; i < 20; i++) {
      long t = base + Rand.weighted(r, HOUR_W) * HOUR + r.nextInt(3600);
      if (inRange(t)) {
        return t;
      }
    }
    return Math.max(startSec, Math.min(endSec - 1, base + 12 * HOUR));
  }
}
