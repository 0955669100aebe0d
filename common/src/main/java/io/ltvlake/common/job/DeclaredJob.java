package io.ltvlake.common.job;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/**
 * A job whose name, description, upstream jobs and output tables are fixed when it is made, so
 * that a job class states them once, in its constructor, and holds only its wiring in
 * {@link #run}.
 */
public abstract class DeclaredJob implements Job {

    private final String name;
    private final String description;
    private final List<String> upstream;
    private final List<TableSpec> outputs;

    protected DeclaredJob(String name, String description, List<String> upstream, List<TableSpec> outputs) {
        this.name = name;
        this.description = description;
        this.upstream = List.copyOf(upstream);
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<String> upstream() {
        return upstream;
    }

    @Override
    public final List<TableSpec> outputs() {
        return outputs;
    }
}
