package io.ltvlake.tools.sample;

import java.util.SplittableRandom;

/** Small random helpers on {@link SplittableRandom}; only {@link StrictMath}, so results are platform independent. */
final class Rand {
  private Rand() {}

  static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  /** Uniform long in [lo, hi], both inclusive. */
  static long between(SplittableRandom r, long lo, long hi) {
    return lo + r.nextLong(hi - lo + 1);
  }

  /** Index drawn with probability proportional to {@code w[i]}. */
  static int weighted(SplittableRandom r, double[] w) {
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < w.length; i++) {
      u -= w[i];
      if (u < 0) {
        return i;
      }
    }
    for (int i = w.length - 1; i >= 0; i--) {
      if (w[i] > 0) {
        return i;
      }
    }
    return 0;
  }

  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Gamma(shape, scale) by Marsaglia-Tsang, with the usual boost for shape below 1. */
  static double gamma(SplittableRandom r, double shape, double scale) {
    if (shape < 1.0) {
      double u = 1.0 - r.nextDouble();
      return gamma(r, shape + 1.0, scale) * StrictMath.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / StrictMath.sqrt(9.0 * d);
    while (true) {
      double x = gaussian(r);
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - r.nextDouble();
      if (u < 1.0 - 0.0331 * x * x * x * x || StrictMath.log(u) < 0.5 * x * x + d * (1.0 - v + StrictMath.log(v))) {
        return d * v * scale;
      }
    }
  }

  static int poisson(SplittableRandom r, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, StrictMath.round(mean + StrictMath.sqrt(mean) * gaussian(r)));
    }
    double limit = StrictMath.exp(-mean);
    double p = 1.0;
    int k = 0;
    while (true) {
      p *= r.nextDouble();
      if (p <= limit) {
        return k;
      }
      k++;
    }
  }

  /** Exponential waiting time with the given rate. */
  static double exponential(SplittableRandom r, double rate) {
    return -StrictMath.log(1.0 - r.nextDouble()) / rate;
  }
}
