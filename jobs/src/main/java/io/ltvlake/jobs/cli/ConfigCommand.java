package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Print the effective config (all layers applied), secrets masked.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Override
    public Integer call() {
        System.out.println(ConfigLoader.render(lake.load()));
        return 0;
    }
}
