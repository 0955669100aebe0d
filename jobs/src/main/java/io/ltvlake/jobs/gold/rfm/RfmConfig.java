package io.ltvlake.jobs.gold.rfm;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.config.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * RFM: lookback in days, the preset the map came from ({@code custom} for explicit segments), scoring,
 * score levels (5: 1-5; 4: quartiles), what frequency counts, thresholds (for THRESHOLDS) and the
 * ordered segment map.
 */
public record RfmConfig(int lookbackDays, String preset, RfmScoring scoring, int levels, RfmFrequency frequencyCounts,
                          RfmThresholds thresholds, List<RfmSegmentRule> segments) {
    public RfmConfig {
        segments = List.copyOf(segments);
    }

    /** The default R/F settings with other segments and scoring (tests and callers that only change those). */
    public RfmConfig(int lookbackDays, RfmScoring scoring, RfmThresholds thresholds, List<RfmSegmentRule> segments) {
        this(lookbackDays, "custom", scoring, 5, RfmFrequency.DEALS, thresholds, segments);
    }

    /**
     * How RFM scores 1..levels are made, all from one pass over the snapshot's customers:
     * PERCENT_RANK ({@code 1 + floor(levels x percent_rank)}, equal values equal scores; "quintiles"),
     * NTILE (equal-sized groups, ties split by customer key), RANK_BINS (rank with ties at their
     * lowest rank, cut into equal-width bins, as pandas' {@code cut(rank(method='min'))}), or THRESHOLDS.
     */
    public enum RfmScoring { PERCENT_RANK, NTILE, RANK_BINS, THRESHOLDS }

    /** What RFM frequency counts: deduplicated deals (the point of the method), or raw orders (invoices). */
    public enum RfmFrequency { DEALS, ORDERS }

    /**
     * Fixed cut points, levels - 1 ascending values each. Recency: the most days since the last deal that
     * still earn 5, 4, 3, 2. Frequency and monetary: the least value that earns 2, 3, 4, 5.
     */
    public record RfmThresholds(List<java.math.BigDecimal> recencyDays, List<java.math.BigDecimal> frequency,
                                List<java.math.BigDecimal> monetary) {
        public RfmThresholds {
            recencyDays = List.copyOf(recencyDays);
            frequency = List.copyOf(frequency);
            monetary = List.copyOf(monetary);
        }
    }

    /** An inclusive range of scores (or of their sum). */
    public record ScoreRange(int from, int to) {
        public static final ScoreRange ANY = new ScoreRange(Integer.MIN_VALUE, Integer.MAX_VALUE);

        public boolean holds(int score) {
            return score >= from && score <= to;
        }

        public boolean isAny() {
            return equals(ANY);
        }
    }

    /** An inclusive range of a raw value; a missing end is open. */
    public record ValueRange(java.util.Optional<java.math.BigDecimal> from, java.util.Optional<java.math.BigDecimal> to) {}

    /**
     * One rule of the segment map. A customer matches when every condition given holds: the R, F and M
     * score ranges, the cell list ({@code "555"}: R, F, M), the range of R + F + M, and the raw
     * {@code average-check} (monetary / deals) and {@code deals} ranges. Conditions not given hold for everyone.
     */
    public record RfmSegmentRule(String id, String name, ScoreRange recency, ScoreRange frequency, ScoreRange monetary,
                                 java.util.Set<String> cells, ScoreRange scoreSum, java.util.Optional<ValueRange> averageCheck,
                                 java.util.Optional<ValueRange> deals) {
        public RfmSegmentRule {
            cells = java.util.Set.copyOf(cells);
        }

        /** An R/F rule, as the rf-11 map has them. */
        public RfmSegmentRule(String id, String name, int recencyFrom, int recencyTo, int frequencyFrom, int frequencyTo) {
            this(id, name, new ScoreRange(recencyFrom, recencyTo), new ScoreRange(frequencyFrom, frequencyTo), ScoreRange.ANY,
                    java.util.Set.of(), ScoreRange.ANY, java.util.Optional.empty(), java.util.Optional.empty());
        }

        /** Whether the rule's score conditions hold for the cell; raw-value conditions are not looked at. */
        public boolean coversScores(int recencyScore, int frequencyScore, int monetaryScore) {
            return recency.holds(recencyScore) && frequency.holds(frequencyScore) && monetary.holds(monetaryScore)
                    && (cells.isEmpty() || cells.contains("" + recencyScore + frequencyScore + monetaryScore))
                    && scoreSum.holds(recencyScore + frequencyScore + monetaryScore);
        }

        /** A rule with a raw-value condition may miss any cell, so it never counts as covering one. */
        public boolean hasValueConditions() {
            return averageCheck.isPresent() || deals.isPresent();
        }

        /** Whether the rule looks at M: then the map is checked over R-F-M cells, not R/F cells. */
        public boolean usesMonetary() {
            return !monetary.isAny() || !cells.isEmpty() || !scoreSum.isAny();
        }
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<RfmConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<RfmConfig> type() {
            return RfmConfig.class;
        }


        @Override
        public RfmConfig parse(ConfigContext context) {
            Config c = context.config();
            return rfm(c, context);
        }

        /** States the RFM migration map uses for customers entering and leaving the snapshots; no segment may take them. */
        public static final Set<String> RFM_RESERVED_STATES = Set.of("new", "reactivated", "lost");

        private static final Set<String> RFM_RULE_KEYS = new TreeSet<>(Set.of("id", "name", "recency", "frequency", "monetary",
                "cells", "score-sum", "average-check", "deals"));

        /**
         * The RFM settings. The map and its scoring come from the preset ({@code rfm.presets.<preset>}) unless
         * given: explicit segments replace the preset's map (and may not come with an explicit preset), and an
         * explicit scoring or score-levels wins over the preset's. {@code user} is the config without
         * reference.conf, which says what was given.
         */
        private static RfmConfig rfm(Config c, ConfigContext user) {
            String p = ROOT + ".rfm.";
            java.time.Duration lookback = duration(c, p + "lookback");
            if (lookback.toSeconds() % 86_400 != 0) {
                throw bad(c, p + "lookback", "must be whole days, such as 365d");
            }
            String preset = get(c, p + "preset", c::getString);
            if (!c.hasPath(p + "presets." + quoted(preset))) {
                throw bad(c, p + "preset", "'" + preset + "' is not a preset; presets are "
                        + new TreeSet<>(c.getConfig(p + "presets").root().keySet()));
            }
            String presetPath = p + "presets." + quoted(preset) + ".";
            boolean explicitSegments = !get(c, p + "segments", c::getList).isEmpty();
            if (explicitSegments && user.given(p + "preset")) {
                throw new ConfigError("config keys '" + p + "preset' (" + c.getValue(p + "preset").origin().description()
                        + ") and '" + p + "segments' (" + c.getValue(p + "segments").origin().description()
                        + ") are both given: the preset '" + preset + "' brings its own segment map; give one of them");
            }
            String scoringKey = user.given(p + "scoring") || explicitSegments ? p + "scoring" : presetPath + "scoring";
            String scoringName = get(c, scoringKey, c::getString);
            RfmScoring scoring = switch (scoringName) {
                case "quintiles", "percent-rank" -> RfmScoring.PERCENT_RANK;
                case "ntile" -> RfmScoring.NTILE;
                case "rank-bins" -> RfmScoring.RANK_BINS;
                case "thresholds" -> RfmScoring.THRESHOLDS;
                default -> throw bad(c, scoringKey, "'" + scoringName + "' must be quintiles (percent-rank), ntile, rank-bins or thresholds");
            };
            String levelsKey = user.given(p + "score-levels") || explicitSegments ? p + "score-levels" : presetPath + "score-levels";
            int levels = get(c, levelsKey, c::getInt);
            if (levels < 2 || levels > 9) {
                throw bad(c, levelsKey, "must be 2 to 9 (a score is one digit of the cell)");
            }
            String frequencyName = get(c, p + "frequency-counts", c::getString);
            RfmFrequency frequency = switch (frequencyName) {
                case "deals" -> RfmFrequency.DEALS;
                case "orders" -> RfmFrequency.ORDERS;
                default -> throw bad(c, p + "frequency-counts", "'" + frequencyName + "' must be deals or orders");
            };
            boolean fixed = scoring == RfmScoring.THRESHOLDS;
            RfmThresholds thresholds = new RfmThresholds(cutPoints(c, p + "thresholds.recency-days", levels, fixed),
                    cutPoints(c, p + "thresholds.frequency", levels, fixed), cutPoints(c, p + "thresholds.monetary", levels, fixed));
            return new RfmConfig((int) lookback.toDays(), explicitSegments ? "custom" : preset, scoring, levels,
                    frequency, thresholds, rfmSegments(c, explicitSegments ? p + "segments" : presetPath + "segments", levels));
        }

        private static List<java.math.BigDecimal> cutPoints(Config c, String key, int levels, boolean used) {
            List<Number> values = get(c, key, c::getNumberList);
            List<java.math.BigDecimal> cuts = values.stream().map(n -> new java.math.BigDecimal(n.toString())).toList();
            boolean ascending = true;
            for (int i = 1; i < cuts.size(); i++) {
                ascending &= cuts.get(i).compareTo(cuts.get(i - 1)) > 0;
            }
            // the count depends on the score levels, so it is checked only when thresholds score
            if ((used && cuts.size() != levels - 1) || cuts.isEmpty() || !ascending || cuts.get(0).signum() < 0) {
                throw bad(c, key, "must be " + (levels - 1) + " ascending, non-negative cut points (score-levels " + levels
                        + "), got " + values);
            }
            return cuts;
        }

        private static List<RfmSegmentRule> rfmSegments(Config c, String key, int levels) {
            List<? extends Config> list = get(c, key, c::getConfigList);
            List<RfmSegmentRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Config rule = list.get(i);
                String at = key + "[" + i + "]";
                for (String k : rule.root().keySet()) {
                    if (!RFM_RULE_KEYS.contains(k)) {
                        throw new ConfigError("unknown config key '" + at + "." + k + "' in segment rule " + (i + 1)
                                + ": a rule takes " + RFM_RULE_KEYS + " (scores are recency, frequency and monetary)");
                    }
                }
                String id = requiredString(rule, at, "id");
                if (!id.matches("[a-z0-9][a-z0-9_]*")) {
                    throw new ConfigError("bad value for config key '" + at + ".id': '" + id
                            + "' must be lower-case letters, digits and '_'");
                }
                if (RFM_RESERVED_STATES.contains(id)) {
                    throw new ConfigError("bad value for config key '" + at + ".id': '" + id
                            + "' is reserved for the migration map " + new TreeSet<>(RFM_RESERVED_STATES));
                }
                // one segment may take several rules (an L-shaped area), but then with one name
                String name = rule.hasPath("name") ? requiredString(rule, at, "name") : id;
                for (RfmSegmentRule earlier : rules) {
                    if (earlier.id().equals(id) && !earlier.name().equals(name)) {
                        throw new ConfigError("config key '" + at + ".name': segment '" + id + "' is named both '"
                                + earlier.name() + "' and '" + name + "'");
                    }
                }
                java.util.Set<String> cells = new java.util.LinkedHashSet<>();
                if (rule.hasPath("cells")) {
                    for (String cell : stringList(rule, at, "cells")) {
                        if (!cell.matches("[1-9]{3}") || cell.chars().anyMatch(digit -> digit - '0' > levels)) {
                            throw new ConfigError("bad value for config key '" + at + ".cells': '" + cell
                                    + "' is not an R, F, M cell of scores 1-" + levels + " such as \"" + levels + levels + "1\"");
                        }
                        cells.add(cell);
                    }
                }
                RfmSegmentRule parsed = new RfmSegmentRule(id, name,
                        scoreRange(rule, at, "recency", 1, levels), scoreRange(rule, at, "frequency", 1, levels),
                        scoreRange(rule, at, "monetary", 1, levels), cells, scoreRange(rule, at, "score-sum", 3, 3 * levels),
                        valueRange(rule, at, "average-check"), valueRange(rule, at, "deals"));
                rules.add(parsed);
            }
            boolean usesMonetary = rules.stream().anyMatch(RfmSegmentRule::usesMonetary);
            List<int[]> cells = new ArrayList<>();
            for (int r = 1; r <= levels; r++) {
                for (int f = 1; f <= levels; f++) {
                    for (int m = 1; m <= (usesMonetary ? levels : 1); m++) {
                        cells.add(new int[] {r, f, m});
                    }
                }
            }
            // A rule is reachable when some cell is left to it by the score-only rules before it.
            for (int i = 0; i < rules.size(); i++) {
                RfmSegmentRule rule = rules.get(i);
                List<RfmSegmentRule> before = rules.subList(0, i);
                boolean reachable = cells.stream().anyMatch(cell -> covers(rule, cell, usesMonetary)
                        && before.stream().noneMatch(e -> !e.hasValueConditions() && covers(e, cell, usesMonetary)));
                if (!reachable) {
                    throw new ConfigError("config key '" + key + "[" + i + "]': segment rule " + (i + 1) + " '" + rule.id()
                            + "' never matches, the rules before it take all its cells; remove or reorder it");
                }
            }
            List<String> unassigned = new ArrayList<>();
            for (int[] cell : cells) {
                if (rules.stream().noneMatch(rule -> !rule.hasValueConditions() && covers(rule, cell, usesMonetary))) {
                    unassigned.add(usesMonetary ? "" + cell[0] + cell[1] + cell[2] : "(" + cell[0] + "," + cell[1] + ")");
                }
            }
            if (!unassigned.isEmpty() && !usesMonetary) {
                throw bad(c, key, "rfm segments leave R/F cells unassigned: " + String.join(", ", unassigned)
                        + " (cells are (R,F); add a rule that covers them, e.g. a last catch-all"
                        + " { id = other, recency = [1, " + levels + "], frequency = [1, " + levels + "] })");
            }
            if (!unassigned.isEmpty()) {
                throw bad(c, key, "rfm segments leave R-F-M cells unassigned: " + String.join(", ", unassigned)
                        + " (cells are R, F, M scores; a rule with average-check or deals may miss any cell, so only rules"
                        + " without them count; add one that covers them, e.g. a last catch-all { id = other })");
            }
            return rules;
        }

        /** On an R/F grid (a map that never looks at M) every M holds; on the R-F-M grid the cell's own M. */
        private static boolean covers(RfmSegmentRule rule, int[] cell, boolean usesMonetary) {
            if (usesMonetary) {
                return rule.coversScores(cell[0], cell[1], cell[2]);
            }
            return rule.recency().holds(cell[0]) && rule.frequency().holds(cell[1]);
        }

        private static ScoreRange scoreRange(Config rule, String at, String key, int lowest, int highest) {
            if (!rule.hasPath(key)) {
                return ScoreRange.ANY;
            }
            List<Integer> range;
            try {
                range = rule.getIntList(key);
            } catch (ConfigException e) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': " + e.getMessage(), e);
            }
            if (range.size() != 2 || range.get(0) < lowest || range.get(1) > highest || range.get(0) > range.get(1)) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': " + range
                        + " must be [from, to] with " + lowest + " <= from <= to <= " + highest);
            }
            return new ScoreRange(range.get(0), range.get(1));
        }

        private static Optional<ValueRange> valueRange(Config rule, String at, String key) {
            if (!rule.hasPath(key)) {
                return Optional.empty();
            }
            List<Object> ends;
            try {
                ends = new ArrayList<>(rule.getList(key).unwrapped());
            } catch (ConfigException e) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': " + e.getMessage(), e);
            }
            if (ends.size() != 2 || ends.stream().anyMatch(e -> e != null && !(e instanceof Number)) || ends.stream()
                    .allMatch(java.util.Objects::isNull)) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': " + ends
                        + " must be [from, to], numbers, either may be null (open)");
            }
            Optional<java.math.BigDecimal> from = Optional.ofNullable(ends.get(0)).map(n -> new java.math.BigDecimal(n.toString()));
            Optional<java.math.BigDecimal> to = Optional.ofNullable(ends.get(1)).map(n -> new java.math.BigDecimal(n.toString()));
            if (from.isPresent() && to.isPresent() && from.get().compareTo(to.get()) > 0) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': " + ends + " must have from <= to");
            }
            return Optional.of(new ValueRange(from, to));
        }
    }
}
