package io.ltvlake.tools.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planted campaigns: messages in the landing files, their groups and response deals against truth/campaigns.csv. */
class CampaignPlanTest {

  @TempDir
  static Path out;
  static List<String[]> messages = new ArrayList<>();
  static Map<String, String[]> truth = new HashMap<>();

  @BeforeAll
  static void generate() throws IOException {
    SampleGenerator.generate(new SampleSettings(2_000, 240, 7L, LocalDate.of(2026, 6, 30), out));
    try (Stream<Path> days = Files.list(out.resolve("landing/shop"))) {
      for (Path day : days.sorted().toList()) {
        List<String> lines = Files.readAllLines(day.resolve("messages.csv"));
        lines.subList(1, lines.size()).forEach(line -> messages.add(line.split(",", -1)));
      }
    }
    List<String> rows = Files.readAllLines(out.resolve("truth/campaigns.csv"));
    rows.subList(1, rows.size()).forEach(line -> truth.put(line.split(",")[0], line.split(",", -1)));
  }

  /** The deal openings of every person, from the orders' truth. */
  static Map<String, List<Instant>> dealOpenings() throws IOException {
    Map<String, List<Instant>> openings = new HashMap<>();
    List<String> orders = Files.readAllLines(out.resolve("truth/orders.csv"));
    for (String line : orders.subList(1, orders.size())) {
      String[] f = line.split(",", -1);
      if (Set.of("first", "repeat", "cancelled", "returned").contains(f[4])) {
        openings.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Instant.parse(f[5]));
      }
    }
    return openings;
  }

  @Test
  void everyEligibleBuyerGetsASendOrAControlRowAndTheTruthCountsThem() {
    assertEquals(Set.of("spring_sale", "newsletter", "overdue_reminder"), truth.keySet());
    for (String campaign : truth.keySet()) {
      long recipients = messages.stream().filter(m -> m[3].equals(campaign) && m[13].equals("false")).count();
      long control = messages.stream().filter(m -> m[3].equals(campaign) && m[13].equals("true")).count();
      assertEquals(Long.parseLong(truth.get(campaign)[7]), recipients, campaign);
      assertEquals(Long.parseLong(truth.get(campaign)[8]), control, campaign);
      assertEquals(Long.parseLong(truth.get(campaign)[6]), recipients + control, campaign);
      // about half held out, and enough people for an interval a few points wide; 240 days hold few overdue cycles
      // (two deals, then 1.5 times their interval and the response window), so the trigger campaign has fewer
      assertTrue(control > 0.4 * (recipients + control) && control < 0.6 * (recipients + control), campaign);
      assertTrue(recipients > (truth.get(campaign)[11].isEmpty() ? 250 : 15), campaign + ": " + recipients);
    }
    for (String[] m : messages) {
      boolean control = m[13].equals("true");
      assertEquals(control, m[9].isEmpty(), "a control row has no status: " + String.join(",", m));
      assertTrue(control || Set.of("sent", "delivered", "bounced").contains(m[9]), String.join(",", m));
      assertTrue(!m[5].isEmpty() || !m[6].isEmpty() || !m[7].isEmpty(), "every message names its recipient");
      assertTrue(m[10].isEmpty() || (!control && !m[9].equals("bounced")), "only a delivered send is opened");
    }
  }

  @Test
  void theResponseDealsAreTheOnlyDealsInEachPersonsWindowSoTheirRatesAreThePlantedOnes() throws IOException {
    Map<String, List<Instant>> openings = dealOpenings();
    for (String campaign : truth.keySet()) {
      long[] converted = new long[2];
      Set<String> people = new HashSet<>();
      for (String[] m : messages) {
        if (!m[3].equals(campaign)) {
          continue;
        }
        String person = m[0].substring(("MSG-" + campaign + "-").length());
        assertTrue(people.add(person), "one row per person and campaign");
        Instant sent = Instant.parse(m[1]);
        long inWindow = openings.getOrDefault(person, List.of()).stream()
            .filter(at -> at.isAfter(sent) && !at.isAfter(sent.plusSeconds(14 * 86_400L))).count();
        assertTrue(inWindow <= 1, person + " has " + inWindow + " deals in the window of " + campaign);
        converted[m[13].equals("true") ? 1 : 0] += inWindow;
      }
      assertEquals(Long.parseLong(truth.get(campaign)[9]), converted[0], campaign + " recipients converted");
      assertEquals(Long.parseLong(truth.get(campaign)[10]), converted[1], campaign + " control converted");
    }
    assertEquals("0.03", truth.get("spring_sale")[5]);
    assertEquals("0.0", truth.get("newsletter")[5]);
    assertEquals("0.1", truth.get("overdue_reminder")[5]);
  }

  @Test
  void theTriggerCampaignGoesToRepeatBuyersWhenTheirNextDealIsHalfACycleLate() throws IOException {
    assertEquals("cycle_overdue", truth.get("overdue_reminder")[11], "the truth names the trigger");
    assertEquals("", truth.get("spring_sale")[11]);
    Map<String, List<Instant>> openings = dealOpenings();
    Instant firstSend = null;
    for (String[] m : messages) {
      assertEquals(m[3].equals("overdue_reminder") ? "cycle_overdue" : "", m[4], "only the trigger campaign has a trigger");
      if (!m[3].equals("overdue_reminder")) {
        continue;
      }
      String person = m[0].substring("MSG-overdue_reminder-".length());
      Instant sent = Instant.parse(m[1]);
      firstSend = firstSend == null || sent.isBefore(firstSend) ? sent : firstSend;
      List<Instant> before = openings.get(person).stream().filter(at -> at.isBefore(sent)).sorted().toList();
      assertTrue(before.size() >= 2, person + ": a repeat buyer");
      double cycleDays = java.time.Duration.between(before.get(before.size() - 2), before.get(before.size() - 1)).toSeconds() / 86_400.0;
      double lateDays = java.time.Duration.between(before.get(before.size() - 1), sent).toSeconds() / 86_400.0;
      // 09:00 business time on the day 1.5 cycles after the last deal's (UTC) day: within a day of it
      assertTrue(Math.abs(lateDays - 1.5 * cycleDays) <= 1.5, person + ": " + lateDays + " days late on a cycle of " + cycleDays);
      assertTrue(lateDays >= 35, person + ": clear of the last deal's upsell window");
    }
    assertEquals(firstSend.toString(), truth.get("overdue_reminder")[2], "sent_at is the first send");
  }
}
