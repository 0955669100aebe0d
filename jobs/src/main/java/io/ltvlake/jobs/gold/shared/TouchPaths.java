package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables.Touches;
import io.ltvlake.jobs.gold.deals.DealsTables.Deals;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Conversion paths over the touch stream (gold.touches), pure: shared by associated conversions
 * (attribution) and the profit funnel, which both follow a conversion back through its
 * customer's touches. The path rules themselves are in {@link ConversionPaths}.
 */
public final class TouchPaths {

    private static final String MONEY = ConformTransforms.MONEY;

    public static final String SESSION = "session";
    public static final String CALL = "call";
    public static final String DEAL = "deal";
    public static final String ORDER = "order";
    /** The channel, path and buckets of a conversion without a touch in its window. */
    public static final String NO_TOUCH = ConversionPaths.NO_TOUCH;

    /** One conversion: what {@link #paths} needs. */
    public static final StructType CONVERSIONS = new StructType()
            .add("conversion_type", DataTypes.StringType)
            .add("conversion_id", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType)
            .add("converted_at", DataTypes.TimestampType)
            .add("conversion_date", DataTypes.DateType)
            .add("value", DataTypes.createDecimalType(18, 2));

    /** One conversion with its path; the arrays hold the path's touches in time order, not collapsed. */
    public static final StructType PATHS = CONVERSIONS
            .add("touch_count", DataTypes.IntegerType)
            .add("path_channels", DataTypes.createArrayType(DataTypes.StringType))
            .add("path_touch_types", DataTypes.createArrayType(DataTypes.StringType))
            .add("first_touched_at", DataTypes.TimestampType)
            .add("last_touched_at", DataTypes.TimestampType)
            .add("first_channel", DataTypes.StringType)
            .add("last_channel", DataTypes.StringType)
            .add("channel_path", DataTypes.StringType)
            .add("path_steps", DataTypes.IntegerType)
            .add("touch_path", DataTypes.StringType)
            .add("time_lag_days", DataTypes.IntegerType);

    private TouchPaths() {}

    /** Deals as conversions: at the deal's opening, worth the deal's revenue (its upsells included). */
    public static Dataset<Row> dealConversions(Dataset<Row> deals, LocalDate runDate) {
        return deals.filter(col(Deals.OPENED_DATE).leq(lit(Date.valueOf(runDate)))).select(lit(DEAL).as("conversion_type"),
                col(Deals.DEAL_ID).as("conversion_id"), col(Deals.CUSTOMER_KEY), col(Deals.OPENED_AT).as("converted_at"),
                col(Deals.OPENED_DATE).as("conversion_date"), col(Deals.REVENUE).cast(MONEY).as("value"));
    }

    /**
     * One row per conversion ({@link #PATHS}) with its path: the customer's touches from
     * {@code lookbackDays} × 24 h before the conversion up to its time, both ends included
     * ({@link ConversionPaths}). Each customer's touches and conversions meet in one group
     * (cogroup by customer), so nothing is joined touch by conversion. {@code channel_path} is the
     * path with consecutive repeats collapsed and {@code path_steps} its channel count;
     * {@code touch_path} is every touch; {@code time_lag_days} is business days from the first
     * touch to the conversion. Without a touch: the channels, the path and the first and last
     * channel are {@value ConversionPaths#NO_TOUCH}, the counts 0 and the lag null.
     *
     * @param touches     gold.touches rows (customer_key, touched_at, touch_date, touch_type, source, touch_id, channel)
     * @param conversions rows of {@link #CONVERSIONS}
     */
    public static Dataset<Row> paths(Dataset<Row> touches, Dataset<Row> conversions, int lookbackDays) {
        long lookbackSeconds = lookbackDays * 86_400L;
        Dataset<Row> keyedTouches = touches.filter(col(Touches.CUSTOMER_KEY).isNotNull().and(col(Touches.TOUCHED_AT).isNotNull()))
                .select(col(Touches.CUSTOMER_KEY), col(Touches.TOUCHED_AT), col(Touches.TOUCH_DATE), col(Touches.TOUCH_TYPE),
                        concat_ws(":", col(Touches.SOURCE), col(Touches.TOUCH_ID)).as("touch_key"), col(Touches.CHANNEL));
        Dataset<Row> selected = project(conversions, CONVERSIONS);
        CoGroupFunction<String, Row, Row, Row> perCustomer = (customer, customerConversions, customerTouches) -> {
            List<ConversionPaths.Touch> sorted = new ArrayList<>();
            while (customerTouches.hasNext()) {
                Row t = customerTouches.next();
                long at = t.getTimestamp(1).getTime() / 1000;
                long day = t.isNullAt(2) ? Math.floorDiv(at, 86_400L) : t.getDate(2).toLocalDate().toEpochDay();
                sorted.add(new ConversionPaths.Touch(at, day, t.getString(3), t.getString(4), t.getString(5)));
            }
            sorted.sort(ConversionPaths.TIME_ORDER);
            List<Row> result = new ArrayList<>();
            while (customerConversions.hasNext()) {
                Row conversion = customerConversions.next();
                long at = conversion.getTimestamp(3).getTime() / 1000;
                result.add(pathRow(conversion, ConversionPaths.window(sorted, at, lookbackSeconds)));
            }
            return result.iterator();
        };
        Dataset<Row> known = selected.filter(col(Touches.CUSTOMER_KEY).isNotNull())
                .groupByKey((MapFunction<Row, String>) row -> row.getString(2), Encoders.STRING())
                .cogroup(keyedTouches.groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING()),
                        perCustomer, Encoders.row(PATHS));
        Dataset<Row> anonymous = selected.filter(col(Touches.CUSTOMER_KEY).isNull())
                .map((MapFunction<Row, Row>) conversion -> pathRow(conversion, List.of()), Encoders.row(PATHS));
        return known.unionByName(anonymous);
    }

    /** The columns of {@code schema}, in its order, so Java code can read them by position. */
    public static Dataset<Row> project(Dataset<Row> rows, StructType schema) {
        return rows.select(java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new));
    }

    private static Row pathRow(Row conversion, List<ConversionPaths.Touch> path) {
        Object[] values = new Object[PATHS.size()];
        for (int i = 0; i < CONVERSIONS.size(); i++) {
            values[i] = conversion.get(i);
        }
        int k = CONVERSIONS.size();
        List<String> channels = path.stream().map(ConversionPaths.Touch::channel).toList();
        List<String> collapsed = ConversionPaths.collapse(channels);
        values[k] = path.size();
        values[k + 1] = channels.toArray(String[]::new);
        values[k + 2] = path.stream().map(ConversionPaths.Touch::type).toArray(String[]::new);
        if (path.isEmpty()) {
            values[k + 5] = NO_TOUCH;
            values[k + 6] = NO_TOUCH;
        } else {
            ConversionPaths.Touch first = path.get(0);
            ConversionPaths.Touch last = path.get(path.size() - 1);
            values[k + 3] = new Timestamp(first.at() * 1000);
            values[k + 4] = new Timestamp(last.at() * 1000);
            values[k + 5] = first.channel();
            values[k + 6] = last.channel();
            values[k + 10] = (int) (conversion.getDate(4).toLocalDate().toEpochDay() - first.day());
        }
        values[k + 7] = ConversionPaths.text(collapsed);
        values[k + 8] = collapsed.size();
        values[k + 9] = ConversionPaths.text(channels);
        return RowFactory.create(values);
    }
}
