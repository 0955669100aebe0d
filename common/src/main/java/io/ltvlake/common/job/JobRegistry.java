package io.ltvlake.common.job;

import io.ltvlake.common.lake.TableSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every job with its upstream jobs: the job graph. Checked on construction: no unknown upstream, no cycle. */
public final class JobRegistry {

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<Job> ordered;

    public JobRegistry(List<Job> declared) {
        for (Job job : declared) {
            if (jobs.put(job.name(), job) != null) {
                throw new IllegalArgumentException("job '" + job.name() + "' is registered twice");
            }
        }
        for (Job job : declared) {
            for (String up : job.upstream()) {
                if (!jobs.containsKey(up)) {
                    throw new IllegalArgumentException("job '" + job.name() + "' names unknown upstream job '" + up + "'");
                }
            }
        }
        ordered = topologicalOrder();
    }

    /** All jobs, each after its upstream jobs; ties keep declaration order. */
    public List<Job> ordered() {
        return ordered;
    }

    public Job job(String name) {
        Job job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("unknown job '" + name + "'; jobs are " + jobs.keySet());
        }
        return job;
    }

    /**
     * The jobs to run: {@code only} (exactly those), or {@code from} a job and everything
     * downstream of it, or all; always in graph order.
     */
    public List<Job> select(Collection<String> only, Optional<String> from) {
        Set<String> wanted = new LinkedHashSet<>();
        if (!only.isEmpty()) {
            only.forEach(name -> wanted.add(job(name).name()));
        }
        if (from.isPresent()) {
            Set<String> downstream = downstreamOf(job(from.get()).name());
            downstream.add(from.get());
            if (wanted.isEmpty()) {
                wanted.addAll(downstream);
            } else {
                wanted.retainAll(downstream);
            }
        }
        if (only.isEmpty() && from.isEmpty()) {
            return ordered;
        }
        return ordered.stream().filter(j -> wanted.contains(j.name())).toList();
    }

    /** Every job that depends on {@code name}, directly or not. */
    public Set<String> downstreamOf(String name) {
        Set<String> result = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            String current = todo.pop();
            for (Job job : ordered) {
                if (job.upstream().contains(current) && result.add(job.name())) {
                    todo.push(job.name());
                }
            }
        }
        return result;
    }

    /** Every table any job writes, in graph order. */
    public List<TableSpec> tables() {
        List<TableSpec> tables = new ArrayList<>();
        for (Job job : ordered) {
            for (TableSpec spec : job.outputs()) {
                if (tables.stream().noneMatch(t -> t.name().equals(spec.name()))) {
                    tables.add(spec);
                }
            }
        }
        return tables;
    }

    /** The graph as a table: job, upstream, tables written, description. */
    public String describe() {
        TextTable table = new TextTable("job", "after", "writes", "what it does");
        for (Job job : ordered) {
            table.row(job.name(), job.upstream().isEmpty() ? "-" : String.join(", ", job.upstream()),
                    String.join(", ", job.outputs().stream().map(TableSpec::name).toList()), job.description());
        }
        return table.render();
    }

    private List<Job> topologicalOrder() {
        List<Job> result = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (Job job : jobs.values()) {
            visit(job, done, visiting, result);
        }
        return List.copyOf(result);
    }

    private void visit(Job job, Set<String> done, Set<String> visiting, List<Job> result) {
        if (done.contains(job.name())) {
            return;
        }
        if (!visiting.add(job.name())) {
            throw new IllegalArgumentException("the job graph has a cycle through " + visiting);
        }
        for (String up : job.upstream()) {
            visit(jobs.get(up), done, visiting, result);
        }
        visiting.remove(job.name());
        done.add(job.name());
        result.add(job);
    }
}
