package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.silver.ChannelsConfig.ChannelRule;
import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {

    private static final StructType SESSIONS = new StructType().add("session_id", "string").add("utm_source", "string")
            .add("utm_medium", "string").add("utm_campaign", "string").add("referrer", "string");

    private static Dataset<Row> sessions(Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), SESSIONS);
    }

    private static List<String> channelsOf(Dataset<Row> assigned) {
        List<String> result = new ArrayList<>();
        for (Row row : assigned.orderBy("session_id").select("channel").collectAsList()) {
            result.add(row.getString(0));
        }
        return result;
    }

    @Test
    void theShippedRulesGroupTheSampleGeneratorsTagsIntoTheirChannels() {
        ChannelsConfig shipped = TestSpark.settings(Map.of()).section(ChannelsConfig.class);
        // the tags of tools/.../sample/Channels.java, one session per channel, in the order of the expectation
        Dataset<Row> assigned = ChannelRules.assign(sessions(
                RowFactory.create("01", null, null, null, null),
                RowFactory.create("02", null, null, null, "https://www.google.com/"),
                RowFactory.create("03", null, null, null, "https://habr.com/"),
                RowFactory.create("04", "gdn", "display", "display_prospecting", null),
                RowFactory.create("05", "gdn", "display", "display_remarketing", null),
                RowFactory.create("06", "facebook", "paid_social", "fb_prospecting", null),
                RowFactory.create("07", "google", "cpc", "brand_search", null),
                RowFactory.create("08", "google", "cpc", "generic_search", null),
                RowFactory.create("09", "admitad", "affiliate", "cashback", null),
                RowFactory.create("10", "newsletter", "email", "weekly_digest", null),
                // the rules see trimmed lower-case tags; blanks are null
                RowFactory.create("11", " Google ", "CPC", "Brand_Search", ""),
                RowFactory.create("12", "", " ", "", "")), shipped);
        assertEquals(List.of("direct", "organic_search", "referral", "display", "display", "paid_social", "brand_search",
                "paid_search", "affiliates", "email", "brand_search", "direct"), channelsOf(assigned));
        // the touches' own columns are returned as they came
        Row normalisedOnlyForTheRules = assigned.filter("session_id = '11'").first();
        assertEquals(" Google ", normalisedOnlyForTheRules.getAs("utm_source"));
        assertEquals("CPC", normalisedOnlyForTheRules.getAs("utm_medium"));
        assertEquals(List.of("session_id", "utm_source", "utm_medium", "utm_campaign", "referrer", "channel", "channel_rule"),
                Arrays.asList(assigned.columns()));
    }

    @Test
    void theShippedRulesTellDirectFromOtherAndAnUntaggedCallIsPhone() {
        StructType touches = new StructType().add("touch_id", "string").add("touch_type", "string").add("utm_source", "string")
                .add("utm_medium", "string").add("utm_campaign", "string").add("referrer", "string");
        Dataset<Row> assigned = ChannelRules.assign(TestSpark.session().createDataFrame(List.of(
                RowFactory.create("1", "session", null, null, null, null),                  // no tags, no referrer: direct
                RowFactory.create("2", "session", "(direct)", "(none)", null, null),        // GA's own spelling of direct
                RowFactory.create("3", "session", "partner_x", "push", "spring", null),     // tags no rule knows: other
                RowFactory.create("4", "session", null, null, "lonely_campaign", null),     // a campaign alone is a tag too
                RowFactory.create("5", "call", null, null, null, null),                     // an untagged call: phone
                RowFactory.create("6", "CALL ", null, "", " ", null),                       // normalised like the tags
                RowFactory.create("7", "call", "google", "cpc", "generic_search", null),    // a tracked call: its tags win
                RowFactory.create("8", "call", "partner_x", "push", null, null),            // a tracked call nobody knows
                RowFactory.create("9", null, null, null, null, null)), touches),            // no touch type (ad costs, cohorts)
                TestSpark.settings(Map.of()).section(ChannelsConfig.class));
        List<String> channels = new ArrayList<>();
        for (Row row : assigned.orderBy("touch_id").select("channel").collectAsList()) {
            channels.add(row.getString(0));
        }
        assertEquals(List.of("direct", "direct", "other", "other", "phone", "phone", "paid_search", "other", "direct"), channels);
        assertEquals("CALL ", assigned.filter("touch_id = '6'").first().getAs("touch_type"), "returned as it came");
    }

    @Test
    void theFirstMatchingRuleWinsAndNoMatchGivesTheDefault() {
        ChannelsConfig settings = new ChannelsConfig("unknown", List.of(
                new ChannelRule("by_source", "alpha", "utm_source = 's'"),
                new ChannelRule("by_medium", "beta", "utm_medium = 'm'"),
                new ChannelRule("by_host", "gamma", "referrer_host = 'example.com'")));
        Dataset<Row> assigned = ChannelRules.assign(sessions(
                RowFactory.create("1", "s", "m", null, null),                        // both rules 1 and 2 hold: 1 wins
                RowFactory.create("2", "t", "m", null, null),                        // only rule 2
                RowFactory.create("3", null, null, null, "https://www.example.com/a"), // host without www.
                RowFactory.create("4", null, "x", null, null),                       // utm_source null: rule 1 is null, no match
                RowFactory.create("5", "t", "x", null, "not a url")), settings);
        List<Row> rows = assigned.orderBy("session_id").select("channel", "channel_rule").collectAsList();
        assertEquals(RowFactory.create("alpha", "by_source"), rows.get(0));
        assertEquals(RowFactory.create("beta", "by_medium"), rows.get(1));
        assertEquals(RowFactory.create("gamma", "by_host"), rows.get(2));
        assertEquals(RowFactory.create("unknown", null), rows.get(3));
        assertEquals(RowFactory.create("unknown", null), rows.get(4));
    }

    @Test
    void adCostRowsWithoutAReferrerColumnAreGroupedByTheSameRules() {
        StructType costs = new StructType().add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string");
        Dataset<Row> assigned = ChannelRules.assign(TestSpark.session().createDataFrame(List.of(
                RowFactory.create("google", "cpc", "brand_search")), costs), TestSpark.settings(Map.of()).section(ChannelsConfig.class));
        assertEquals("brand_search", assigned.first().getAs("channel"));
        assertEquals(List.of("utm_source", "utm_medium", "utm_campaign", "channel", "channel_rule"), Arrays.asList(assigned.columns()));
    }

    @Test
    void everyShippedRuleIsValidAndABadRuleIsNamed() {
        ChannelRules.validateRules(TestSpark.session(), TestSpark.settings(Map.of()).section(ChannelsConfig.class).rules());
        IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class, () ->
                ChannelRules.validateRules(TestSpark.session(), List.of(new ChannelRule("ok", "a", "utm_source = 'x'"),
                        new ChannelRule("typo", "b", "utm_mediun = 'cpc'"))));
        assertTrue(misspelt.getMessage().startsWith("channel rule 'typo' (rule 2 of ltvlake.channels.rules"), misspelt.getMessage());
        assertTrue(misspelt.getMessage().contains("referrer_host, touch_type"), misspelt.getMessage());
        ChannelRules.validateRules(TestSpark.session(), List.of(new ChannelRule("calls", "phone", "touch_type = 'call'")));
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class, () ->
                ChannelRules.validateRules(TestSpark.session(), List.of(new ChannelRule("source", "a", "utm_source"))));
        assertTrue(notBoolean.getMessage().contains("is not a predicate: it gives string"), notBoolean.getMessage());
    }

    @Test
    void aRuleWithAnUnknownKeyStopsTheConfigAndNamesTheKey() {
        ConfigError error = assertThrows(ConfigError.class, () -> TestSpark.settings(Map.of("channels.rules",
                "[ { channel = paid, when = \"utm_medium = 'cpc'\" }, { channel = mail, wen = \"true\" } ]")));
        assertTrue(error.getMessage().contains("'ltvlake.channels.rules[1].wen'"), error.getMessage());
        assertTrue(error.getMessage().contains("in channel rule 'mail'"), "names the rule: " + error.getMessage());
        ConfigError named = assertThrows(ConfigError.class, () -> TestSpark.settings(Map.of("channels.rules",
                "[ { name = partners, channel = referral, when = \"true\", chanel = x } ]")));
        assertTrue(named.getMessage().contains("'ltvlake.channels.rules[0].chanel'") && named.getMessage()
                .contains("in channel rule 'partners'"), named.getMessage());
        Settings custom = TestSpark.settings(Map.of("channels.default-channel", "none", "channels.rules",
                "[ { name = cpc, channel = paid, when = \"utm_medium = 'cpc'\" } ]"));
        assertEquals(new ChannelsConfig("none", List.of(new ChannelRule("cpc", "paid", "utm_medium = 'cpc'"))),
                custom.section(ChannelsConfig.class));
    }
}
