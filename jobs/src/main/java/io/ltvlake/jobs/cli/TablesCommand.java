package io.ltvlake.jobs.cli;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tables", mixinStandardHelpOptions = true, description = "Print the table catalogue (Markdown): grain, key, partitioning and comment of every table.")
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
        return out.toString();
    }
}
