package io.ltvlake.jobs.bronze.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.testing.TestSpark;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceProfileTest {

    private final Settings settings = TestSpark.settings(Map.of());

    @Test
    void canonicalProfileMapsEveryColumnToItsOwnName() {
        SourceProfile profile = SourceProfile.parse("canonical", ConfigLoader.loadSourceProfile(settings, "canonical"));
        assertEquals(List.copyOf(CanonicalSchema.ENTITIES.keySet()), List.copyOf(profile.entities().keySet()), "canonical order");
        SourceProfile.EntityMapping lines = profile.entities().get("order_lines");
        assertEquals("order_lines*.csv*", lines.files());
        assertEquals("`unit_price`", lines.columns().get("unit_price"));
        assertEquals(CanonicalSchema.ORDER_LINES.columns().size(), lines.columns().size());
        assertEquals("true", lines.options().get("header"));
    }

    @Test
    void onlineRetailProfileMapsTheUciLayout() {
        SourceProfile profile = SourceProfile.parse("online-retail", ConfigLoader.loadSourceProfile(settings, "online-retail"));
        SourceProfile.EntityMapping lines = profile.entities().get("order_lines");
        assertEquals("InvoiceNo", lines.columns().get("order_id"));
        assertEquals(ZoneId.of("Europe/London"), lines.timeZone().orElseThrow());
        assertEquals("yyyy-MM-dd HH:mm:ss", lines.timestampFormat().orElseThrow());
        assertTrue(lines.columns().get("status").contains("LIKE 'C%'"));
        assertTrue(!lines.columns().containsKey("phone"), "unmapped optional columns stay unmapped");
    }

    @Test
    void mistakesInAProfileNameTheProfileEntityAndKey() {
        ConfigError unknownColumn = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "entities { order_lines { files = x, columns { order_id = a, ordered_at = b, product_id = c, quantity = d, "
                        + "unit_price = e, colour = f } } }")));
        assertTrue(unknownColumn.getMessage().contains("'colour' is not a canonical column of order_lines"), unknownColumn.getMessage());
        ConfigError missingRequired = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "entities { calls { files = x, columns { call_id = a, started_at = b } } }")));
        assertTrue(missingRequired.getMessage().contains("entity 'calls': no expression for required column 'caller_phone'"),
                missingRequired.getMessage());
        ConfigError unknownKey = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "fromat = csv, entities { calls { files = x } }")));
        assertTrue(unknownKey.getMessage().contains("source profile 'p': unknown key 'fromat'"), unknownKey.getMessage());
        ConfigError badFormat = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "format = xlsx, columns-default-to-canonical-names = true, entities { calls { files = x } }")));
        assertTrue(badFormat.getMessage().contains("format 'xlsx'"), badFormat.getMessage());
        ConfigError unknownEntity = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "entities { invoices { files = x } }")));
        assertTrue(unknownEntity.getMessage().contains("entity 'invoices': unknown entity"), unknownEntity.getMessage());
    }

    @Test
    void eachShippedProfileSaysHowALineWithoutALineNumberIsKnown() {
        // a transaction log: position; exports that resend lines: content
        assertEquals(SourceProfile.LineKey.POSITION, SourceProfile.parse("cdnow", ConfigLoader.loadSourceProfile(settings, "cdnow"))
                .entities().get("order_lines").lineKey());
        for (String name : List.of("canonical", "online-retail")) {
            assertEquals(SourceProfile.LineKey.CONTENT, SourceProfile.parse(name, ConfigLoader.loadSourceProfile(settings, name))
                    .entities().get("order_lines").lineKey(), name);
        }
        ConfigError bad = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "line-key = row, columns-default-to-canonical-names = true, entities { order_lines { files = x } }")));
        assertTrue(bad.getMessage().contains("source profile 'p', entity 'order_lines': line-key 'row' must be content or position"),
                bad.getMessage());
    }

    @Test
    void encodingIsUtf8UnlessDeclaredAndMustBeAKnownCharsetOfATextFormat() {
        SourceProfile.EntityMapping plain = SourceProfile.parse("p", ConfigFactory.parseString(
                "columns-default-to-canonical-names = true, entities { calls { files = x } }")).entities().get("calls");
        assertEquals(java.nio.charset.StandardCharsets.UTF_8, plain.encoding());
        SourceProfile.EntityMapping russian = SourceProfile.parse("p", ConfigFactory.parseString(
                "encoding = windows-1251, columns-default-to-canonical-names = true, entities { calls { files = x } }"))
                .entities().get("calls");
        assertEquals(java.nio.charset.Charset.forName("windows-1251"), russian.encoding());
        ConfigError unknown = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "encoding = cp-russian, columns-default-to-canonical-names = true, entities { calls { files = x } }")));
        assertTrue(unknown.getMessage().contains("entity 'calls': encoding 'cp-russian' is not a character set"), unknown.getMessage());
        ConfigError parquet = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "format = parquet, encoding = windows-1251, columns-default-to-canonical-names = true, entities { calls { files = x } }")));
        assertTrue(parquet.getMessage().contains("encoding 'windows-1251' needs format csv or json"), parquet.getMessage());
    }

    @Test
    void plausibilityOverridesNameACanonicalColumn() {
        ConfigError unknown = assertThrows(ConfigError.class, () -> SourceProfile.parse("p", ConfigFactory.parseString(
                "columns-default-to-canonical-names = true, entities { calls { files = x, plausible { duration = \"true\" } } }")));
        assertTrue(unknown.getMessage().contains("entity 'calls': plausible 'duration' is not a canonical column of calls"),
                unknown.getMessage());
        SourceProfile profile = SourceProfile.parse("online-retail", ConfigLoader.loadSourceProfile(settings, "online-retail"));
        assertTrue(profile.entities().get("order_lines").plausible().get("quantity").contains("unit_price = 0"));
    }
}
