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
    rows.subList(1, rows.size()).forEach(line -> truth.put(line.split(",")[0], line.split(",")));
  }

  @Test
  void everyEligibleBuyerGetsASendOrAControlRowAndTheTruthCountsThem() {
    assertEquals(Set.of("spring_sale", "newsletter"), truth.keySet());
    for (String campaign : truth.keySet()) {
      long recipients = messages.stream().filter(m -> m[3].equals(campaign) && m[13].equals("false")).count();
      long control = messages.stream().filter(m -> m[3].equals(campaign) && m[13].equals("true")).count();
      assertEquals(Long.parseLong(truth.get(campaign)[7]), recipients, campaign);
      assertEquals(Long.parseLong(truth.get(campaign)[8]), control, campaign);
      assertEquals(Long.parseLong(truth.get(campaign)[6]), recipients + control, campaign);
      // about half held out, and enough people for an interval a few points wide
      assertTrue(control > 0.4 * (recipients + control) && control < 0.6 * (recipients + control), campaign);
      assertTrue(recipients > 250, campaign + ": " + recipients);
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
    // the deal openings of every person, from the orders' truth
    Map<String, List<Instant>> openings = new HashMap<>();
    List<String> orders = Files.readAllLines(out.resolve("truth/orders.csv"));
    for (String line : orders.subList(1, orders.size())) {
      String[] f = line.split(",", -1);
      if (Set.of("first", "repeat", "cancelled", "returned").contains(f[4])) {
        openings.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Instant.parse(f[5]));
      }
    }
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
  }

  @Test
  void routineDigestsAddVolumeWithoutChangingThePlantedCampaigns(@TempDir Path plain, @TempDir Path digests) throws IOException {
    SampleGenerator.generate(new SampleSettings(300, 120, 7L, LocalDate.of(2026, 6, 30), plain));
    SampleGenerator.generate(new SampleSettings(300, 120, 7L, LocalDate.of(2026, 6, 30), digests, 1));
    assertEquals(Files.readString(plain.resolve("truth/campaigns.csv")), Files.readString(digests.resolve("truth/campaigns.csv")));
    assertEquals(Files.readString(plain.resolve("truth/orders.csv")), Files.readString(digests.resolve("truth/orders.csv")));
    Set<String> ids = new HashSet<>();
    Map<String, Instant> unsubscribed = new HashMap<>();
    long digestRows = 0;
    try (Stream<Path> days = Files.list(digests.resolve("landing/shop"))) {
      for (Path day : days.sorted().toList()) {
        List<String> lines = Files.readAllLines(day.resolve("messages.csv"));
        for (String line : lines.subList(1, lines.size())) {
          String[] m = line.split(",", -1);
          assertTrue(ids.add(m[0]), "message ids are unique: " + m[0]);
          if (m[3].equals("weekly_digest")) {
            digestRows++;
            String person = m[0].substring("MSG-weekly_digest-".length(), m[0].lastIndexOf("-", m[0].length() - 11));
            assertTrue(!unsubscribed.containsKey(person), "no digest after " + person + " unsubscribed");
            if (!m[12].isEmpty()) {
              unsubscribed.put(person, Instant.parse(m[12]));
            }
          }
        }
      }
    }
    // 300 buyers, each weekly from the week after their first deal: far more than the two campaigns' rows
    assertTrue(digestRows > 2_000, "digests: " + digestRows);
  }
}
