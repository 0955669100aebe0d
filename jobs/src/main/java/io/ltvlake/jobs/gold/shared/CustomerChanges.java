package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.identity.CustomerKeys;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customers a per-customer gold job must compute again since its last run: those whose silver rows changed
 * ({@code facts_fingerprint} in silver.customers differs between the version the job last read and now, or the
 * customer appeared or vanished, as when an identity merge re-keys one customer into another). Every other
 * customer has the silver rows the job computed its rows from, so the rows it wrote.
 *
 * <p>The job records what it read ({@link #record}: run date, silver.customers version, a fingerprint of the
 * settings its rows depend on) in the commit of the last table it writes. A run that stopped half way leaves the
 * earlier record, so the next run computes again a superset of what it must. {@code run --full}, a first run, an
 * earlier run date, other settings or a version of silver.customers that can no longer be read (vacuumed) make the
 * job compute every customer.
 */
public final class CustomerChanges {

    private static final String RUN_DATE = "run_date";
    private static final String SETTINGS = "settings";

    private CustomerChanges() {}

    /**
     * Where a run starts from.
     *
     * @param record what the run records with its last write; null when there is no silver.customers to record
     * @param since  the last run's date and the customers changed since it (customer_key, checkpointed); empty when
     *               every customer is to be computed
     */
    public record Start(String record, Optional<Since> since) {}

    /** The last run's date and the customer keys whose silver rows changed since it. */
    public record Since(LocalDate lastRunDate, Dataset<Row> customers) {}

    /**
     * Reads the record {@code recordedIn}'s last commit carries and tells what changed since; says which, or why
     * everything is computed. {@code settings} describes every setting the job's per-customer rows depend on.
     */
    public static Start start(JobContext context, TableSpec recordedIn, String settings) {
        Lake lake = context.lake();
        java.util.OptionalLong customersFound = lake.versionIfExists(SilverTables.CUSTOMERS);
        if (customersFound.isEmpty()) {
            // a lake whose silver was written without customers (a test's, say): nothing to compare, nothing to record
            return new Start(null, Optional.empty());
        }
        long customersNow = customersFound.getAsLong();
        String settingsKey = new CustomerKeys(context.settings().identity().keySecret().require()).keyOf(settings);
        String record = RUN_DATE + "=" + context.runDate() + ";" + SilverTables.CUSTOMERS.name() + "=" + customersNow + ";"
                + SETTINGS + "=" + settingsKey;
        String every = "every customer computed (";
        if (context.full()) {
            context.say(every + "run --full)");
            return new Start(record, Optional.empty());
        }
        Optional<Lake.Commit> last = lake.lastCommit(recordedIn);
        if (last.isEmpty()) {
            return new Start(record, Optional.empty()); // a first run: nothing to start from, and nothing to explain
        }
        Optional<Recorded> recorded = last.get().metadata().flatMap(CustomerChanges::parse);
        if (recorded.isEmpty()) {
            context.say(every + recordedIn.name() + "'s last commit records no run)");
            return new Start(record, Optional.empty());
        }
        if (context.runDate().isBefore(recorded.get().runDate())) {
            context.say(every + "the run date is before the last run's, " + recorded.get().runDate() + ")");
            return new Start(record, Optional.empty());
        }
        if (!recorded.get().settings().equals(settingsKey)) {
            context.say(every + "the settings changed since the last run)");
            return new Start(record, Optional.empty());
        }
        try {
            Dataset<Row> then = lake.readAt(SilverTables.CUSTOMERS, recorded.get().customersVersion());
            Dataset<Row> now = lake.readAt(SilverTables.CUSTOMERS, customersNow);
            if (!List.of(then.columns()).contains(FINGERPRINT) || !List.of(now.columns()).contains(FINGERPRINT)) {
                context.say(every + "silver.customers then or now has no " + FINGERPRINT + ")");
                return new Start(record, Optional.empty());
            }
            Dataset<Row> changed = Checkpoints.eager(changed(then, now));
            context.say("computed again only for the customers whose silver rows changed since the run of " + recorded.get().runDate()
                    + " (silver.customers version " + recorded.get().customersVersion() + " to " + customersNow
                    + "); every other customer's rows kept");
            return new Start(record, Optional.of(new Since(recorded.get().runDate(), changed)));
        } catch (Exception unreadable) {
            // a vacuumed version: Delta fails on reading it, and nothing else can say what the customers were
            String message = String.valueOf(unreadable.getMessage());
            context.say(every + "silver.customers version " + recorded.get().customersVersion() + " can no longer be read: "
                    + message.lines().findFirst().orElse(message) + ")");
            return new Start(record, Optional.empty());
        }
    }

    private static final String FINGERPRINT = "facts_fingerprint";

    /**
     * The customer keys whose silver.customers row is in only one of the two versions, or whose
     * {@code facts_fingerprint} differs between them.
     */
    public static Dataset<Row> changed(Dataset<Row> customersThen, Dataset<Row> customersNow) {
        Dataset<Row> then = customersThen.select(col("customer_key").as("__then_key"), col(FINGERPRINT).as("__then"));
        Dataset<Row> now = customersNow.select(col("customer_key").as("__now_key"), col(FINGERPRINT).as("__now"));
        return then.join(now, col("__then_key").equalTo(col("__now_key")), "full_outer")
                .filter(col("__then_key").isNull().or(col("__now_key").isNull()).or(col("__then").eqNullSafe(col("__now")).unary_$bang()))
                .select(coalesce(col("__then_key"), col("__now_key")).as("customer_key"));
    }

    /**
     * The rows of {@code rows} whose customer_key is one of {@code customers} (customer_key; a null key stands for
     * the rows without a customer). The customers of a night are few, so they are broadcast.
     */
    public static Dataset<Row> ofCustomers(Dataset<Row> rows, Dataset<Row> customers) {
        Dataset<Row> keys = org.apache.spark.sql.functions.broadcast(customers.select(col("customer_key").as("__of_customer")));
        return rows.join(keys, rows.col("customer_key").eqNullSafe(keys.col("__of_customer")), "left_semi");
    }

    /**
     * {@code customers} (customer_key) and the null key, which stands for the rows without a customer: a job
     * computes those again every night, since no customer's fingerprint follows them.
     */
    public static Dataset<Row> withoutCustomerToo(Dataset<Row> customers) {
        return customers.select("customer_key").unionByName(customers.sparkSession().sql("select cast(null as string) as customer_key"))
                .distinct();
    }

    /**
     * One row, one column: a hash of a small table's rows (a catalogue, a price ladder), whatever their order;
     * a setting of the jobs whose every row it can change. 0 for an empty table.
     */
    public static Dataset<Row> tableFingerprint(Dataset<Row> rows) {
        List<org.apache.spark.sql.Column> columns = java.util.Arrays.stream(rows.columns()).map(c -> col("`" + c + "`")).toList();
        return rows.select(org.apache.spark.sql.functions.xxhash64(columns.toArray(org.apache.spark.sql.Column[]::new)).as("__row_hash"))
                .agg(coalesce(org.apache.spark.sql.functions.bit_xor(col("__row_hash")), org.apache.spark.sql.functions.lit(0L))
                        .as("fingerprint"));
    }

    /**
     * The settings key another job recorded with its last write of {@code table} ("none" when it recorded none): a job
     * that reads that table depends on those settings too.
     */
    public static String recordedSettings(Lake lake, TableSpec table) {
        return lake.lastCommit(table).flatMap(Lake.Commit::metadata).flatMap(CustomerChanges::parse).map(Recorded::settings)
                .orElse("none");
    }

    /** What a run recorded. */
    private record Recorded(LocalDate runDate, long customersVersion, String settings) {}

    private static Optional<Recorded> parse(String text) {
        LocalDate runDate = null;
        Long version = null;
        String settings = null;
        for (String entry : text.split(";")) {
            String[] nameAndValue = entry.split("=", -1);
            if (nameAndValue.length != 2) {
                return Optional.empty();
            }
            try {
                switch (nameAndValue[0]) {
                    case RUN_DATE -> runDate = LocalDate.parse(nameAndValue[1]);
                    case SETTINGS -> settings = nameAndValue[1];
                    default -> {
                        if (!nameAndValue[0].equals(SilverTables.CUSTOMERS.name())) {
                            return Optional.empty();
                        }
                        version = Long.parseLong(nameAndValue[1]);
                    }
                }
            } catch (DateTimeParseException | NumberFormatException unreadable) {
                return Optional.empty();
            }
        }
        return runDate == null || version == null || settings == null ? Optional.empty()
                : Optional.of(new Recorded(runDate, version, settings));
    }
}
