package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.gold.shared.ConversionPaths.Credit;
import io.ltvlake.jobs.gold.shared.ConversionPaths.Touch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The path rules without Spark: windows, collapsing and exact credits. */
class ConversionPathsTest {

    private static final long DAY = 86_400L;

    @Test
    void theWindowIncludesBothEnds() {
        List<Touch> sorted = List.of(new Touch(100, 0, "session", "a", "email"), new Touch(101, 0, "session", "b", "referral"),
                new Touch(200, 0, "call", "c", "phone"), new Touch(201, 0, "session", "d", "display"));
        // conversion at 200, lookback 100 s: 100 is exactly the lookback before (in), 201 is after (out)
        assertEquals(List.of("a", "b", "c"), ConversionPaths.window(sorted, 200, 100).stream().map(Touch::id).toList());
        // lookback 99 s: 100 is one second too early
        assertEquals(List.of("b", "c"), ConversionPaths.window(sorted, 200, 99).stream().map(Touch::id).toList());
        assertEquals(List.of(), ConversionPaths.window(sorted, 99, DAY));
    }

    @Test
    void oneAndTwoTouchPathsAndTheFortyTwentyFortySplit() {
        // one touch: everything, first and last, no assist
        assertEquals(List.of(new Credit("email", true, true, false, 1_000_000, 999, 1_000_000, 999)),
                ConversionPaths.credits(List.of("email"), 999));
        // two touches: 50/50 under both models; 9.99 -> 5.00 (running total 999/2 = 499.5 rounds to 500) and 4.99
        assertEquals(List.of(new Credit("display", true, false, true, 500_000, 500, 500_000, 500),
                        new Credit("direct", false, true, false, 500_000, 499, 500_000, 499)),
                ConversionPaths.credits(List.of("display", "direct"), 999));
        // five touches of 100.00: position-based 40, 20/3 x 3, 40; running totals 4000, 4667, 5333, 6000, 10000
        // -> 40.00, 6.67, 6.66, 6.67, 40.00 (display 40.00 + 6.66); in millionths 400000, 466667, 533333, 600000
        // -> 0.4, 0.066667, 0.066666, 0.066667, 0.4 (display 0.466666); linear 20.00 each
        List<Credit> five = ConversionPaths.credits(List.of("display", "email", "display", "paid_search", "direct"), 10_000);
        assertEquals(new Credit("display", true, false, true, 400_000, 4_000, 466_666, 4_666), five.get(0));
        assertEquals(new Credit("email", false, false, true, 200_000, 2_000, 66_667, 667), five.get(1));
        assertEquals(new Credit("paid_search", false, false, true, 200_000, 2_000, 66_667, 667), five.get(2));
        assertEquals(new Credit("direct", false, true, false, 200_000, 2_000, 400_000, 4_000), five.get(3));
        // no touch: (no touch) in every role but assist
        assertEquals(List.of(new Credit("(no touch)", true, true, false, 1_000_000, 5, 1_000_000, 5)),
                ConversionPaths.credits(List.of(), 5));
    }

    @Test
    void creditsAlwaysAddUpToTheValueAndToOneConversion() {
        String[] channels = {"direct", "display", "email", "paid_search"};
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = random.nextInt(15);
            List<String> path = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                path.add(channels[random.nextInt(channels.length)]);
            }
            long cents = random.nextInt(3) == 0 ? random.nextInt(5) : random.nextLong(10_000_000L);
            long linearUnits = 0;
            long linearCents = 0;
            long positionUnits = 0;
            long positionCents = 0;
            int last = 0;
            for (Credit credit : ConversionPaths.credits(path, cents)) {
                linearUnits += credit.linearUnits();
                linearCents += credit.linearCents();
                positionUnits += credit.positionBasedUnits();
                positionCents += credit.positionBasedCents();
                last += credit.lastInteraction() ? 1 : 0;
                assertTrue(credit.linearCents() >= 0 && credit.positionBasedCents() >= 0, path + " " + credit);
                if (!path.isEmpty()) {
                    // an assist: somewhere before the last touch
                    assertEquals(path.subList(0, n - 1).contains(credit.channel()), credit.assist(), path + " " + credit);
                }
            }
            String at = path + " worth " + cents;
            assertEquals(1_000_000, linearUnits, at);
            assertEquals(1_000_000, positionUnits, at);
            assertEquals(cents, linearCents, at);
            assertEquals(cents, positionCents, at);
            assertEquals(1, last, at);
        }
    }

    @Test
    void consecutiveRepeatsCollapse() {
        assertEquals(List.of("display", "direct", "display"),
                ConversionPaths.collapse(List.of("display", "display", "direct", "direct", "display")));
        assertEquals("display > direct", ConversionPaths.text(List.of("display", "direct")));
        assertEquals("(no touch)", ConversionPaths.text(List.of()));
        Credit direct = ConversionPaths.credits(List.of("direct", "direct"), 100).get(0);
        assertTrue(direct.assist() && direct.lastInteraction() && direct.firstInteraction(),
                "direct > direct: direct assisted and was last: " + direct);
    }
}
