package io.ltvlake.tools.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The product catalogue of the sample electronics retailer (prices in roubles). Every job has its own categories,
 * so a rule on categories can infer the job. Costs are 55-80 % of price. A few prices change on the middle day of
 * the range; orders from that day on use the new price, and the catalogue is re-exported that day.
 */
final class Catalog {
  static final String[] JOBS = {"office_setup", "staff_expansion", "home_audio", "gaming", "smart_home"};
  static final double[] JOB_WEIGHTS = {0.26, 0.20, 0.20, 0.20, 0.14};
  static final int OFFICE_SETUP = 0;
  static final int STAFF_EXPANSION = 1;
  static final int LEAD_JOB = -1;

  static final int MAIN = 0;
  static final int ADDON = 1;
  static final int LEAD = 2;
  static final String[] ROLES = {"main", "addon", "lead_magnet"};
  static final int BUDGET = 0;
  static final int MID = 1;
  static final int PREMIUM = 2;
  static final String[] TIERS = {"budget", "mid", "premium"};

  static final class Product {
    final int idx;
    final String id;
    final String name;
    final String category;
    final int job;
    final int role;
    final int tier;
    final long priceBefore;
    final long costBefore;
    long priceAfter;
    long costAfter;

    Product(int idx, String name, String category, int job, int role, int tier, long price, long cost) {
      this.idx = idx;
      this.id = "SKU-" + (10001 + idx);
      this.name = name;
      this.category = category;
      this.job = job;
      this.role = role;
      this.tier = tier;
      this.priceBefore = price;
      this.costBefore = cost;
      this.priceAfter = price;
      this.costAfter = cost;
    }
  }

  // job, category, role, tier, price (roubles), name
  private static final Object[][] DEFS = {
      {0, "tv", MAIN, BUDGET, 29990, "TV 43\" Full HD Smart"},
      {0, "tv", MAIN, MID, 44990, "TV 50\" 4K UHD"},
      {0, "tv", MAIN, MID, 54990, "TV 55\" 4K UHD"},
      {0, "tv", MAIN, PREMIUM, 109990, "TV 65\" 4K QLED"},
      {0, "tv", MAIN, PREMIUM, 189990, "TV 75\" 4K Mini-LED"},
      {0, "monitor", MAIN, BUDGET, 12990, "Monitor 24\" IPS"},
      {0, "monitor", MAIN, MID, 24990, "Monitor 27\" QHD"},
      {0, "monitor", MAIN, PREMIUM, 39990, "Monitor 27\" 4K USB-C"},
      {0, "monitor", MAIN, PREMIUM, 49990, "Monitor 32\" 4K"},
      {0, "tv_mount", ADDON, BUDGET, 1990, "Wall mount, fixed, 32-55\""},
      {0, "tv_mount", ADDON, MID, 4490, "Wall mount, tilt and swivel, 40-75\""},
      {0, "tv_mount", ADDON, PREMIUM, 24990, "Motorised TV lift"},
      {0, "av_cables", ADDON, BUDGET, 690, "Optical audio cable, 1.5 m"},
      {0, "av_cables", ADDON, BUDGET, 990, "HDMI 2.1 cable, 2 m"},
      {0, "av_cables", ADDON, MID, 1790, "HDMI 2.1 cable, 5 m"},
      {0, "streaming_box", ADDON, BUDGET, 5990, "Android TV box"},
      {0, "streaming_box", ADDON, PREMIUM, 17990, "Apple TV 4K"},
      {0, "game_console", ADDON, MID, 44990, "Game console, living-room bundle"},
      {0, "game_console", ADDON, BUDGET, 5990, "Extra wireless controller"},
      {1, "laptop", MAIN, BUDGET, 42990, "Laptop 15\" i3 8GB"},
      {1, "laptop", MAIN, MID, 59990, "Laptop 15\" Ryzen 5 16GB"},
      {1, "laptop", MAIN, MID, 69990, "Laptop 14\" i5 16GB"},
      {1, "laptop", MAIN, PREMIUM, 119990, "Ultrabook 13\" 16GB"},
      {1, "laptop", MAIN, PREMIUM, 129990, "Laptop 14\" i7 32GB"},
      {1, "desktop", MAIN, BUDGET, 39990, "Office PC i3"},
      {1, "desktop", MAIN, MID, 59990, "Office PC i5"},
      {1, "desktop", MAIN, PREMIUM, 119990, "Workstation i7"},
      {1, "computer_accessories", ADDON, BUDGET, 2490, "Wireless keyboard & mouse set"},
      {1, "computer_accessories", ADDON, BUDGET, 3490, "Headset with microphone"},
      {1, "computer_accessories", ADDON, BUDGET, 3990, "Laptop backpack 15.6\""},
      {1, "computer_accessories", ADDON, MID, 5990, "Webcam 1080p"},
      {1, "computer_accessories", ADDON, PREMIUM, 12990, "USB-C docking station"},
      {2, "speaker_system", MAIN, BUDGET, 12990, "Bluetooth party speaker"},
      {2, "speaker_system", MAIN, MID, 24990, "Bookshelf speakers, pair"},
      {2, "speaker_system", MAIN, PREMIUM, 79990, "5.1 home theatre system"},
      {2, "soundbar", MAIN, BUDGET, 14990, "Soundbar 2.1"},
      {2, "soundbar", MAIN, MID, 29990, "Soundbar 2.1 with wireless subwoofer"},
      {2, "soundbar", MAIN, PREMIUM, 59990, "Soundbar 3.1.2 Dolby Atmos"},
      {2, "audio_accessories", ADDON, BUDGET, 1290, "Speaker cable, 10 m"},
      {2, "audio_accessories", ADDON, MID, 5990, "Speaker stands, pair"},
      {2, "audio_accessories", ADDON, PREMIUM, 19990, "Compact subwoofer"},
      {3, "console", MAIN, BUDGET, 29990, "Handheld console"},
      {3, "console", MAIN, MID, 44990, "Console Digital Edition"},
      {3, "console", MAIN, PREMIUM, 64990, "Console Pro 2 TB"},
      {3, "gaming_accessories", ADDON, BUDGET, 2490, "Charging station for 2 gamepads"},
      {3, "gaming_accessories", ADDON, BUDGET, 5990, "Wireless gamepad"},
      {3, "gaming_accessories", ADDON, MID, 8990, "Gaming headset"},
      {3, "gaming_accessories", ADDON, PREMIUM, 34990, "Racing wheel with pedals"},
      {4, "smart_hub", MAIN, MID, 12990, "Smart speaker with hub"},
      {4, "smart_hub", MAIN, PREMIUM, 19990, "Smart home hub Pro"},
      {4, "smart_devices", ADDON, BUDGET, 990, "Smart bulb E27"},
      {4, "smart_devices", ADDON, BUDGET, 1290, "Smart plug"},
      {4, "smart_devices", ADDON, BUDGET, 1490, "Door/window sensor"},
      {4, "smart_devices", ADDON, MID, 4990, "Indoor camera 2K"},
      {LEAD_JOB, "lead_magnet", LEAD, BUDGET, 390, "Cable organiser set"},
      {LEAD_JOB, "lead_magnet", LEAD, BUDGET, 490, "Screen cleaning kit"},
      {LEAD_JOB, "lead_magnet", LEAD, BUDGET, 990, "Setup consultation voucher"},
  };

  static final int PRICE_CHANGES = 5;

  final Product[] products;
  final int[][] mainByJob = new int[JOBS.length][];
  final int[][] addonByJob = new int[JOBS.length][];
  final int[] leadMagnets;
  /** The main-product categories of each job, for landing pages. */
  final String[][] mainCategoriesByJob = new String[JOBS.length][];
  final String[] allMainCategories;
  /** Export day (index) of the catalogue re-export; orders at or after {@link #priceChangeSec} use new prices. */
  final int priceChangeDay;
  final long priceChangeSec;

  Catalog(long seed, Timeline tl) {
    SplittableRandom r = Ids.rng(seed, 7, 0);
    products = new Product[DEFS.length];
    for (int i = 0; i < DEFS.length; i++) {
      Object[] d = DEFS[i];
      long price = ((Integer) d[4]) * 100L;
      double ratio = 0.55 + 0.25 * r.nextDouble();
      products[i] = new Product(i, (String) d[5], (String) d[1], (Integer) d[0], (Integer) d[2], (Integer) d[3], price,
          StrictMath.round(price * ratio));
    }
    List<Integer> leads = new ArrayList<>();
    List<String> allMain = new ArrayList<>();
    for (int j = 0; j < JOBS.length; j++) {
      List<Integer> main = new ArrayList<>();
      List<Integer> addon = new ArrayList<>();
      List<String> cats = new ArrayList<>();
      for (Product p : products) {
        if (p.job != j) {
          continue;
        }
        if (p.role == MAIN) {
          main.add(p.idx);
          if (!cats.contains(p.category)) {
            cats.add(p.category);
            allMain.add(p.category);
          }
        } else {
          addon.add(p.idx);
        }
      }
      mainByJob[j] = main.stream().mapToInt(Integer::intValue).toArray();
      addonByJob[j] = addon.stream().mapToInt(Integer::intValue).toArray();
      mainCategoriesByJob[j] = cats.toArray(new String[0]);
    }
    for (Product p : products) {
      if (p.role == LEAD) {
        leads.add(p.idx);
      }
    }
    leadMagnets = leads.stream().mapToInt(Integer::intValue).toArray();
    allMainCategories = allMain.toArray(new String[0]);

    priceChangeDay = tl.days / 2;
    priceChangeSec = tl.startSec + priceChangeDay * Timeline.DAY;
    int changed = 0;
    boolean[] done = new boolean[products.length];
    while (changed < PRICE_CHANGES) {
      Product p = products[r.nextInt(products.length)];
      if (done[p.idx] || p.role == LEAD) {
        continue;
      }
      done[p.idx] = true;
      changed++;
      double f = r.nextBoolean() ? 0.85 + 0.10 * r.nextDouble() : 1.05 + 0.10 * r.nextDouble();
      long rub = p.priceBefore / 100;
      long newRub = StrictMath.round(rub * f / 100.0) * 100 - 10;
      if (newRub == rub || newRub <= 0) {
        newRub = rub + 100;
      }
      p.priceAfter = newRub * 100;
      p.costAfter = StrictMath.round((double) p.costBefore * p.priceAfter / p.priceBefore);
    }
  }

  long price(int product, long at) {
    Product p = products[product];
    return at >= priceChangeSec ? p.priceAfter : p.priceBefore;
  }

  long cost(int product, long at) {
    Product p = products[product];
    return at >= priceChangeSec ? p.costAfter : p.costBefore;
  }

  /** A product from {@code candidates}, weighted by the buyer's price-tier preference. */
  int pick(SplittableRandom r, int[] candidates, double[] tierPref) {
    double[] w = new double[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      w[i] = tierPref[products[candidates[i]].tier];
    }
    return candidates[Rand.weighted(r, w)];
  }
}
