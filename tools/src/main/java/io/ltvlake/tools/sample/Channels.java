package io.ltvlake.tools.sample;

import java.util.SplittableRandom;

/** Marketing channels of web sessions: utm tags, referrer, paid campaigns and their cost per click. */
final class Channels {
  private Channels() {}

  static final int DIRECT = 0;
  static final int ORGANIC = 1;
  static final int REFERRAL = 2;
  static final int DISPLAY_PROSPECTING = 3;
  static final int DISPLAY_REMARKETING = 4;
  static final int PAID_SOCIAL = 5;
  static final int BRAND_SEARCH = 6;
  static final int GENERIC_SEARCH = 7;
  static final int AFFILIATE = 8;
  static final int EMAIL = 9;
  static final int COUNT = 10;

  static final String[] SOURCE = {null, null, null, "gdn", "gdn", "facebook", "google", "google", "admitad",
      "newsletter"};
  static final String[] MEDIUM = {null, null, null, "display", "display", "paid_social", "cpc", "cpc", "affiliate",
      "email"};
  private static final String[] CAMPAIGN = {null, null, null, "display_prospecting", "display_remarketing",
      "fb_prospecting", "brand_search", "generic_search", "cashback", null};
  private static final String[] EMAIL_CAMPAIGNS = {"weekly_digest", "accessories_promo", "loyalty_offer"};
  private static final String[] REFERRERS = {"https://www.ixbt.com/", "https://habr.com/", "https://vc.ru/",
      "https://market.yandex.ru/"};

  /** Paid campaigns (one ad-cost row per day each), in output order. */
  static final int[] PAID = {DISPLAY_PROSPECTING, DISPLAY_REMARKETING, PAID_SOCIAL, BRAND_SEARCH, GENERIC_SEARCH,
      AFFILIATE};
  /** Cost per click in kopecks, per entry of {@link #PAID}. */
  static final long[] CPC = {900, 1400, 1800, 1200, 4500, 6000};

  static int paidIndex(int channel) {
    for (int i = 0; i < PAID.length; i++) {
      if (PAID[i] == channel) {
        return i;
      }
    }
    return -1;
  }

  static String campaign(int channel, int variant) {
    return channel == EMAIL ? EMAIL_CAMPAIGNS[variant % EMAIL_CAMPAIGNS.length] : CAMPAIGN[channel];
  }

  static String referrer(int channel, int variant) {
    if (channel == ORGANIC) {
      return "https://www.google.com/";
    }
    return channel == REFERRAL ? REFERRERS[variant % REFERRERS.length] : null;
  }

  /*
   * Planted channel roles on the paths before a deal (Simulator.touchPath), for attribution to find: openers
   * (display, paid social, organic and referral, affiliates) start paths, generic search and display remarketing
   * fill the middle, closers (direct, brand search; e-mail before repeat deals) end them. Display remarketing also
   * closes 5 % of first deals, so display has a few last interactions and a finite assisted/last ratio (well
   * above 1), as in real accounts.
   */
  //                                            DIR   ORG   REF   DPR   DRM   SOC   BRD   GEN   AFF   EML
  static final double[] OPENER = {0, .25, .12, .25, 0, .25, 0, 0, .13, 0};
  static final double[] MIDDLE = {.10, .15, 0, 0, .15, .10, 0, .50, 0, 0};
  static final double[] CLOSER_FIRST = {.40, .10, 0, 0, .05, 0, .45, 0, 0, 0};
  static final double[] CLOSER_REPEAT = {.35, 0, 0, 0, 0, 0, .30, 0, 0, .35};
  static final double[] SINGLE_FIRST = {.30, .15, 0, 0, 0, 0, .30, .25, 0, 0};
  static final double[] SINGLE_REPEAT = {.35, 0, 0, 0, 0, 0, .30, 0, 0, .35};
  static final double[] BROWSING = {.10, .30, .05, .15, 0, .20, 0, .20, 0, 0};
  static final double[] PROSPECT = {.10, .25, 0, .10, 0, .10, .10, .35, 0, 0};

  static int draw(SplittableRandom r, double[] weights) {
    return Rand.weighted(r, weights);
  }
}
