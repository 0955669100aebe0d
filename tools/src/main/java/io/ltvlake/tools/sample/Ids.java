package io.ltvlake.tools.sample;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeds and identifiers. Every identifier is derived from an index through a bijection (an affine permutation
 * modulo a power of ten), so identifiers are unique by construction and look random.
 */
final class Ids {
  private Ids() {}

  private static final long MULT = 387_420_489L; // 3^18, coprime to every power of ten
  
  static long splitmix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A seed for one random stream: (run seed, stream kind, index within the stream). */
  static long mix(long seed, long stream, long index) {
    return splitmix(splitmix(splitmix(seed) ^ (stream * 0xD1B54A32D192ED03L)) + index);
  }

  static SplittableRandom rng(long seed, long stream, long index) {
    return new SplittableRandom(mix(seed, stream, index));
  }

  /**
   * Bijection of [0, modulus) for modulus = 10^width (width up to 10): affine map, digit reversal, affine map, with
   * offsets from {@code salt}, so neighbouring indexes give unrelated-looking numbers and each identifier kind
   * (salt) scrambles differently.
   */
  static long permute(long n, long modulus, int width, long salt) {
    long x = Math.floorMod((n % modulus) * MULT + Math.floorMod(salt, modulus), modulus);
    long reversed = 0;
    for (int i = 0; i < width; i++) {
      reversed = reversed * 10 + x % 10;
      x /= 10;
    }
    return Math.floorMod(reversed * MULT + Math.floorMod(Ids.splitmix(salt), modulus), modulus);
  }

  static String pad(long v, int width) {
    String s = Long.toString(v);
    if (s.length() >= width) {
      return s;
    }
    StringBuilder sb = new StringBuilder(width);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s).toString();
  }

  static String personId(char prefix, int index) {
    return prefix + pad(index + 1L, 7);
  }

  /** CRM id: {@code C} + 6 digits (7+ digits beyond a million buyers, still unique). */
  static String customerId(long seed, int buyerIndex) {
    if (buyerIndex < 1_000_000) {
      return "C" + pad(permute(buyerIndex, 1_000_000L, 6, mix(seed, 901, 0)), 6);
    }
    return "C" + (1_000_000L + buyerIndex);
  }

  /** National significant number of a Russian mobile: 10 digits starting with 9. */
  static String phoneDigits(long seed, long phoneIndex) {
    return "9" + pad(permute(phoneIndex, 1_000_000_000L, 9, mix(seed, 902, 0)), 9);
  }

  /** The three real-export spellings: {@code 8 (912) 345-67-89}, {@code +7 912 3456789}, {@code 79123456789}. */
  static String formatPhone(String d, int style) {
    switch (style) {
      case 0:
        return "8 (" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6, 8) + "-" + d.substring(8, 10);
      case 1:
        return "+7 " + d.substring(0, 3) + " " + d.substring(3);
      default:
        return "7" + d;
    }
  }

  static String e164(String d) {
    return "+7" + d;
  }

  private static final String[] FIRST_M = {"ivan", "sergey", "alexey", "dmitry", "andrey", "mikhail", "nikolay",
      "pavel", "oleg", "artem", "maxim", "roman"};
  private static final String[] FIRST_F = {"olga", "anna", "elena", "maria", "natalia", "irina", "tatiana",
      "svetlana", "ekaterina", "yulia", "daria", "polina"};
  private static final String[] LAST = {"petrov", "ivanov", "smirnov", "kuznetsov", "popov", "sokolov", "lebedev",
      "kozlov", "novikov", "morozov", "volkov", "orlov", "fedorov", "egorov"};
  private static final String[] DOMAINS = {"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru",
      "rambler.ru"};
  private static final double[] DOMAIN_W = {0.30, 0.25, 0.20, 0.08, 0.07, 0.05, 0.05};

  /**
   * Normalised (lower-case) e-mail. The local part is letters + a number unique to the buyer; names hold no digits,
   * so the number alone makes the address unique.
   */
  static String email(long seed, int buyerIndex, SplittableRandom r) {
    boolean female = r.nextBoolean();
    String first = female ? FIRST_F[r.nextInt(FIRST_F.length)] : FIRST_M[r.nextInt(FIRST_M.length)];
    String last = LAST[r.nextInt(LAST.length)] + (female ? "a" : "");
    long n = buyerIndex < 1_000_000 ? permute(buyerIndex, 1_000_000L, 6, mix(seed, 903, 0))
        : 1_000_000L + buyerIndex;
    String local;
    switch (r.nextInt(3)) {
      case 0:
        local = first + "." + last;
        break;
      case 1:
        local = first + "_" + last;
        break;
      default:
        local = first.charAt(0) + "." + last;
        break;
    }
    return local + n + "@" + DOMAINS[Rand.weighted(r, DOMAIN_W)];
  }

  /** Spelling of an e-mail on one occurrence: 0 as is, 1 capitalised ({@code Ivan.Petrov12@Mail.RU}), 2 upper. */
  static String styleEmail(String email, int style) {
    if (style == 0) {
      return email;
    }
    if (style == 2) {
      return email.toUpperCase(Locale.ROOT);
    }
    int at = email.indexOf('@');
    StringBuilder sb = new StringBuilder(email.length());
    boolean capital = true;
    for (int i = 0; i < at; i++) {
      char c = email.charAt(i);
      sb.append(capital ? Character.toUpperCase(c) : c);
      capital = c == '.' || c == '_';
    }
    sb.append('@');
    String domain = email.substring(at + 1);
    int dot = domain.lastIndexOf('.');
    sb.append(Character.toUpperCase(domain.charAt(0))).append(domain, 1, dot).append('.')
        .append(domain.substring(dot + 1).toUpperCase(Locale.ROOT));
    return sb.toString();
  }

  /** Google Analytics style client id: {@code GA1.2.<10 digits>.<first-visit unix seconds>}. */
  static String cookie(long seed, long cookieIndex, long createdEpochSecond) {
    return "GA1.2." + (1_000_000_000L + permute(cookieIndex, 1_000_000_000L, 9, mix(seed, 904, 0))) + "." + createdEpochSecond;
  }

  static String orderId(long seed, long n) {
    return "SO" + pad(permute(n, 1_000_000_000L, 9, mix(seed, 905, 0)), 9);
  }

  static String callId(long seed, long n) {
    return "CL" + pad(permute(n, 1_000_000_000L, 9, mix(seed, 906, 0)), 9);
  }

  static String sessionId(long seed, long n) {
    return "WS" + pad(permute(n, 10_000_000_000L, 10, mix(seed, 907, 0)), 10);
  }

  /** Amount in minor units as {@code 1234.50}. */
  static String money(long cents) {
    long abs = Math.abs(cents);
    String s = (cents < 0 ? "-" : "") + (abs / 100) + ".";
    long c = abs % 100;
    return c < 10 ? s + "0" + c : s + c;
  }
}
