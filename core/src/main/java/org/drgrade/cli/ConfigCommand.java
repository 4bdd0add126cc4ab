package org.drgrade.cli;

import com.typesafe.config.ConfigRenderOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Print the effective configuration (defaults + conf file + --set overrides) and check it.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() {
    var config = configOptions.load();
    System.out.println(
        "drgrade "
            + config
                .raw()
                .root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)));
    return 0;
  }
}
