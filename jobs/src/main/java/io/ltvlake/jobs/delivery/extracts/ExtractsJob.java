package io.ltvlake.jobs.delivery.extracts;

import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.jobs.delivery.extracts.ExtractsConfig.Extract;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.delivery.PersonalDataCheck;
import io.ltvlake.jobs.delivery.postgres.PublishJob;
import io.ltvlake.jobs.silver.ContactRule;
import io.ltvlake.jobs.silver.SilverTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the scheduled extracts (config {@code ltvlake.extracts.list}) that are due on the run
 * date: CSV or XLSX files named {@code <name>_<run-date>.<ext>} in their destination folders,
 * then a manifest per folder ({@code manifest_<run-date>.json}: rows, bytes and sha256 per file).
 * A rerun for the date writes the same files again, byte for byte.
 *
 * <p>Extracts carry customer_key only: one that reads a phone or e-mail column anywhere in its
 * query, or writes a value that looks like one, is refused unless it set {@code contacts = true}.
 * The query check runs before any job of the night when the tables exist, and again before any
 * file is written; nothing is written when one due extract is refused.
 */
public final class ExtractsJob implements Job {

    private final List<TableSpec> tables;
    private final List<String> upstream;

    /** Extracts over the tables of {@code jobs}, run after the jobs that write gold tables. */
    public ExtractsJob(List<Job> jobs) {
        List<TableSpec> all = new ArrayList<>();
        for (Job job : jobs) {
            job.outputs().stream().filter(t -> all.stream().noneMatch(a -> a.name().equals(t.name()))).forEach(all::add);
        }
        this.tables = List.copyOf(all);
        this.upstream = PublishJob.jobsWriting(jobs, PublishJob.goldTables(jobs));
    }

    @Override
    public String name() {
        return "extracts";
    }

    @Override
    public String description() {
        return "scheduled CSV/XLSX extracts of the marts that are due on the run date, with a manifest per folder";
    }

    @Override
    public List<String> upstream() {
        return upstream;
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of();
    }

    /** Every extract's query, checked against the tables that exist: columns, filter, order and contacts. */
    @Override
    public void validate(JobContext context) {
        List<Extract> extracts = context.settings().section(ExtractsConfig.class).list();
        if (extracts.isEmpty()) {
            return;
        }
        context.lake().registerAll(tables);
        for (Extract extract : extracts) {
            try {
                checkContacts(extract, query(context, extract));
            } catch (PersonalDataCheck.Refused e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("extract '" + extract.name() + "': " + firstLine(e), e);
            } catch (Exception e) {
                // Spark's AnalysisException is checked in Java but undeclared by the Scala methods that throw it
                if (!(e instanceof AnalysisException analysis)) {
                    throw new IllegalStateException(e);
                }
                Optional<String> missing = missingTable(analysis);
                boolean notYetWritten = missing.isPresent() && tables.stream().anyMatch(t -> t.name().equals(missing.get()));
                if (!notYetWritten) {
                    throw new IllegalArgumentException("extract '" + extract.name() + "': " + firstLine(e), e);
                }
                // the table comes from a job of this run: checked again before the extract is written
            }
        }
    }

    @Override
    public JobResult run(JobContext context) throws Exception {
        JobResult.Builder result = JobResult.builder(name());
        LocalDate date = context.runDate();
        List<Extract> due = context.settings().section(ExtractsConfig.class).list().stream().filter(e -> e.schedule().dueOn(date)).toList();
        if (due.isEmpty()) {
            context.say("no extract due on " + date + " (" + date.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT)
                    + "); configured: " + describe(context.settings().section(ExtractsConfig.class).list()));
            return result.build();
        }
        write(context, due, result);
        return result.build();
    }

    /**
     * Writes the given extracts for the context's run date whatever their schedule ({@code bin/ltvlake
     * extract}): to try a new extract, or to make one a missed night did not.
     */
    public JobResult writeNow(JobContext context, List<Extract> extracts) throws Exception {
        JobResult.Builder result = JobResult.builder(name());
        write(context, extracts, result);
        return result.build();
    }

    private void write(JobContext context, List<Extract> due, JobResult.Builder result) throws Exception {
        LocalDate date = context.runDate();
        context.lake().registerAll(tables);
        Map<Extract, Dataset<Row>> queries = new LinkedHashMap<>();
        for (Extract extract : due) {
            Dataset<Row> rows;
            try {
                rows = query(context, extract);
            } catch (Exception e) {
                throw new IllegalStateException("extract '" + extract.name() + "': " + firstLine(e), e);
            }
            checkContacts(extract, rows);
            queries.put(extract, rows);
        }
        Path local = Files.createTempDirectory("ltvlake-extracts-");
        try {
            // every file is made (and checked) before any is put in place: a refused extract leaves no partial set
            List<ExtractFiles.Written> written = new ArrayList<>();
            for (Map.Entry<Extract, Dataset<Row>> entry : queries.entrySet()) {
                ExtractFiles.Written file = ExtractFiles.writeLocal(entry.getKey(), entry.getValue(), local, date);
                written.add(file);
                result.read(file.rows());
            }
            Map<String, List<ExtractFiles.Written>> byFolder = new LinkedHashMap<>();
            written.forEach(w -> byFolder.computeIfAbsent(w.destination(), k -> new ArrayList<>()).add(w));
            var hadoop = context.spark().sparkContext().hadoopConfiguration();
            for (Map.Entry<String, List<ExtractFiles.Written>> folder : byFolder.entrySet()) {
                for (ExtractFiles.Written w : folder.getValue()) {
                    ExtractFiles.place(w.local(), folder.getKey(), w.file(), hadoop);
                    result.wroteRows(w.rows());
                    context.say(w.file() + ": " + String.format("%,d", w.rows()) + " rows, sha256 " + w.sha256().substring(0, 12)
                            + "… -> " + folder.getKey());
                }
                Path manifest = ExtractFiles.writeManifest(local, folder.getKey(), date, folder.getValue(), hadoop);
                ExtractFiles.place(manifest, folder.getKey(), ExtractFiles.manifestName(date), hadoop);
            }
        } finally {
            LocalFolders.delete(local);
        }
    }

    /**
     * The extract's rows: its mart (columns, filter) or its SQL, in a fixed order. A contact list ({@code contacts =
     * true}) keeps only contactable people (ContactRule: consent and no unsubscribe), whatever its query says, so it
     * must carry customer_key.
     */
    static Dataset<Row> query(JobContext context, Extract extract) throws Exception {
        LocalDate date = context.runDate();
        Dataset<Row> source = extract.mart().isPresent() ? context.spark().table(extract.mart().get())
                : context.spark().sql(ExtractTransforms.withRunDate(extract.sql().get(), date));
        if (extract.contacts()) {
            if (!List.of(source.columns()).contains("customer_key")) {
                throw new IllegalArgumentException("extract '" + extract.name() + "' is a contact list (contacts = true) but "
                        + "its rows have no customer_key column, which the consent and unsubscribe rule needs: select it");
            }
            source = ContactRule.onlyContactable(source, context.spark().table(SilverTables.CUSTOMERS.name()));
        }
        return ExtractTransforms.shape(source, extract.columns(), extract.filter(), extract.orderBy(), date);
    }

    static void checkContacts(Extract extract, Dataset<Row> rows) {
        if (extract.contacts()) {
            return;
        }
        Set<String> read = PersonalDataCheck.contactColumnsRead(rows);
        if (!read.isEmpty()) {
            throw new PersonalDataCheck.Refused("extract '" + extract.name() + "' reads contact columns " + read
                    + " but does not opt in to contacts: extracts carry customer_key only unless they set contacts = true");
        }
    }

    /** The table an analysis error could not find, as {@code layer.name}. */
    private static Optional<String> missingTable(AnalysisException e) {
        if (!"TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass())) {
            return Optional.empty();
        }
        String relation = e.getMessageParameters().get("relationName");
        return Optional.ofNullable(relation).map(r -> r.replace("`", "").replaceFirst("^spark_catalog\\.", ""));
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static String describe(List<Extract> extracts) {
        if (extracts.isEmpty()) {
            return "none (ltvlake.extracts.list)";
        }
        return String.join(", ", extracts.stream().map(e -> e.name() + " (" + e.schedule() + ")").toList());
    }
}
