package io.ltvlake.jobs.cli;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tables", mixinStandardHelpOptions = true, description = "Print the table catalogue (Markdown): grain, key, "
        + "partitioning and comment of every table, what each is for incremental nights, then every table's checks.")
final class TablesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(catalogue());
        return 0;
    }

    static String catalogue() {
        StringBuilder out = new StringBuilder("| table | grain | primary key | partitioned by | what it holds |\n|---|---|---|---|---|\n");
        for (TableSpec t : Pipeline.tables()) {
            out.append("| `").append(t.name()).append("` | ").append(t.grain()).append(" | ")
                    .append(t.primaryKey().isEmpty() ? "-" : String.join(", ", t.primaryKey())).append(" | ")
                    .append(t.partitionColumns().isEmpty() ? "-" : String.join(", ", t.partitionColumns())).append(" | ")
                    .append(t.comment()).append(" |\n");
        }
        out.append("\nWhat each table is for incremental nights, and what a night does to it now (`run --full` rewrites every ")
                .append("table). Kinds:\n\n");
        for (Refresh.Kind kind : Refresh.Kind.values()) {
            out.append("- ").append(kind.label()).append(": ").append(kind.meaning()).append(";\n");
        }
        out.append("\n| table | kind | a night |\n|---|---|---|\n");
        for (TableSpec t : Pipeline.tables()) {
            Refresh refresh = java.util.Objects.requireNonNull(t.refresh(), t.name() + " does not say what it is for nights: .refreshed(...)");
            out.append("| `").append(t.name()).append("` | ").append(refresh.kind().label()).append(" | ")
                    .append(cell(refresh.night())).append(" |\n");
        }
        out.append("\nChecks, run before every commit of the table: an error check that fails refuses the write, a warn check ")
                .append("prints the failure and lets it through. A primary key brings unique and not_null.\n\n")
                .append("| table | check | severity | asserts |\n|---|---|---|---|\n");
        for (TableSpec t : Pipeline.tables()) {
            for (Expectation check : t.expectations()) {
                out.append("| `").append(t.name()).append("` | ").append(cell(check.name())).append(" | ")
                        .append(check.severity()).append(" | ").append(cell(check.describe())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** A Markdown cell: a pipe inside it (SQL's ||) would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
