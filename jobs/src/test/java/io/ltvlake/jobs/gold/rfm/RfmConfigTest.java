package io.ltvlake.jobs.gold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rfm's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class RfmConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void rfmDefaultsAreTheElevenSegmentMapOverEveryCell() throws IOException {
        RfmConfig rfm = ConfigLoader.load(request("")).section(RfmConfig.class);
        assertEquals(365, rfm.lookbackDays());
        assertEquals(RfmConfig.RfmScoring.PERCENT_RANK, rfm.scoring());
        assertEquals(11, rfm.segments().stream().map(RfmConfig.RfmSegmentRule::id).distinct().count());
        assertEquals("Can't Lose Them", rfm.segments().stream().filter(r -> r.id().equals("cant_lose_them")).findFirst()
                .orElseThrow().name());
        assertEquals(java.util.List.of(new java.math.BigDecimal("30"), new java.math.BigDecimal("90"),
                new java.math.BigDecimal("180"), new java.math.BigDecimal("270")), rfm.thresholds().recencyDays());
        RfmConfig fixed = ConfigLoader.load(request(
                "ltvlake.rfm { scoring = thresholds, lookback = 180d, thresholds.monetary = [10, 20.5, 30, 40] }")).section(RfmConfig.class);
        assertEquals(RfmConfig.RfmScoring.THRESHOLDS, fixed.scoring());
        assertEquals(180, fixed.lookbackDays());
        assertEquals(new java.math.BigDecimal("20.5"), fixed.thresholds().monetary().get(1));
    }

    @Test
    void rfmMapThatLeavesCellsUnassignedIsReportedWithTheCells() throws IOException {
        // R 1-5 x F 1-4 covered, F = 5 only for R 3-5: (1,5) and (2,5) are left over
        ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = top, name = "Top", recency = [3, 5], frequency = [5, 5] }
                  { id = rest, name = "Rest", recency = [1, 5], frequency = [1, 4] }
                ]""")));
        assertTrue(error.getMessage().contains("'ltvlake.rfm.segments'"), error.getMessage());
        assertTrue(error.getMessage().contains("rfm segments leave R/F cells unassigned: (1,5), (2,5) "),
                error.getMessage());
    }

    @Test
    void rfmPresetsBringTheirMapAndScoring() throws IOException {
        RfmConfig rfm125 = ConfigLoader.load(request("ltvlake.rfm.preset = rfm-125")).section(RfmConfig.class);
        assertEquals("rfm-125", rfm125.preset());
        assertEquals(RfmConfig.RfmScoring.RANK_BINS, rfm125.scoring());
        assertEquals(11, rfm125.segments().size());
        assertEquals(125, rfm125.segments().stream().mapToInt(r -> r.cells().size()).sum(), "every R-F-M cell named once");
        RfmConfig quartile = ConfigLoader.load(request("ltvlake.rfm.preset = rfm-quartile")).section(RfmConfig.class);
        assertEquals(4, quartile.levels());
        assertEquals(new RfmConfig.ScoreRange(9, 12), quartile.segments().get(0).scoreSum());
        // an explicit scoring wins over the preset's; own segments replace the default preset's map
        assertEquals(RfmConfig.RfmScoring.NTILE, ConfigLoader.load(request(
                "ltvlake.rfm { preset = rfm-125, scoring = ntile, frequency-counts = orders }")).section(RfmConfig.class).scoring());
        RfmConfig own = ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = everyone, recency = [1, 5], frequency = [1, 5] } ]")).section(RfmConfig.class);
        assertEquals("custom", own.preset());
        assertEquals(1, own.segments().size());
    }

    @Test
    void rfmPresetWithSegmentsUnknownScoresAndUncoveredRfmCellsAreErrors() throws IOException {
        ConfigError both = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.preset = rfm-125
                ltvlake.rfm.segments = [ { id = everyone } ]""")));
        assertTrue(both.getMessage().contains("'ltvlake.rfm.preset'") && both.getMessage().contains("'ltvlake.rfm.segments'"),
                both.getMessage());
        ConfigError unknownScore = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = top, recency = [5, 5] }
                  { id = loyal, loyalty = [4, 5] }
                  { id = other }
                ]""")));
        assertTrue(unknownScore.getMessage().contains("'ltvlake.rfm.segments[1].loyalty'")
                && unknownScore.getMessage().contains("segment rule 2"), unknownScore.getMessage());
        // R-F-M rules: M 5 is covered for every R and F, M 1-4 only for R 2-5; and a raw-value rule covers nothing
        ConfigError cells = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = big, monetary = [5, 5] }
                  { id = small_check, average-check = [null, 10] }
                  { id = rest, recency = [2, 5] }
                ]""")));
        assertTrue(cells.getMessage().contains("rfm segments leave R-F-M cells unassigned: 111, 112, 113, 114, 121, "),
                cells.getMessage());
        assertTrue(cells.getMessage().contains(", 154 ("), cells.getMessage());
        ConfigError unknownPreset = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.preset = rfm-999")));
        assertTrue(unknownPreset.getMessage().contains("'ltvlake.rfm.preset'") && unknownPreset.getMessage().contains("rfm-125"),
                unknownPreset.getMessage());
    }

    @Test
    void rfmBadSettingsNameTheKey() throws IOException {
        ConfigError scoring = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.rfm.scoring = deciles")));
        assertTrue(scoring.getMessage().contains("'ltvlake.rfm.scoring'"), scoring.getMessage());
        ConfigError cuts = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.thresholds.frequency = [2, 2, 3, 4]")));
        assertTrue(cuts.getMessage().contains("'ltvlake.rfm.thresholds.frequency'"), cuts.getMessage());
        ConfigError range = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = all, recency = [1, 6], frequency = [1, 5] } ]")));
        assertTrue(range.getMessage().contains("'ltvlake.rfm.segments[0].recency'"), range.getMessage());
        ConfigError reserved = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = lost, recency = [1, 5], frequency = [1, 5] } ]")));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        ConfigError shadowed = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = all, recency = [1, 5], frequency = [1, 5] }
                  { id = top, recency = [5, 5], frequency = [5, 5] }
                ]""")));
        assertTrue(shadowed.getMessage().contains("'ltvlake.rfm.segments[1]'") && shadowed.getMessage().contains("never matches"),
                shadowed.getMessage());
        ConfigError lookback = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.rfm.lookback = 36h")));
        assertTrue(lookback.getMessage().contains("whole days"), lookback.getMessage());
    }
}
