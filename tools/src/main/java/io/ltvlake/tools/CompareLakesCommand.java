package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Session;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare-lakes", mixinStandardHelpOptions = true, description = {
        "Compares lakes table by table with a reference lake: the same rows in each table (as a multiset),",
        "ingest times and the lakes' own folders aside. Exit code 1 when a table differs or is missing.",
        "For example: the demo's lake before and after a refactoring, or nightly runs against a full rebuild."})
final class CompareLakesCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Parameters(index = "0", paramLabel = "REFERENCE", description = "the lake the others must equal")
    Path reference;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "OTHER", description = "lakes to compare with it")
    List<Path> others;

    @Option(names = "--layer", paramLabel = "LAYER", description = "only this layer's tables (bronze, silver, gold, quarantine)")
    String layer;

    @Override
    public Integer call() {
        Settings settings = lake.load();
        Map<String, Path> named = new LinkedHashMap<>();
        others.forEach(other -> named.put(other.toString(), other.toAbsolutePath()));
        boolean same = LakeComparison.compare(Session.spark(settings), reference.toAbsolutePath(), named,
                table -> layer == null || table.name().startsWith(layer + "."), System.out);
        return same ? 0 : 1;
    }
}
