package org.drgrade.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drgrade.config.DrgradeConfig;
import picocli.CommandLine.Option;

/** Options every command shares: which conf file, and key=value overrides. */
public final class ConfigOptions {
  static final File DEFAULT_CONF = new File("conf/local.conf");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "HOCON config file (default: conf/local.conf when present, else built-in defaults).")
  File config;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Override a config key, e.g. --set synth.patients=200 (the 'drgrade.' prefix is optional). Repeatable.")
  List<String> overrides = new ArrayList<>();

  /** Adds overrides after the user's (a command that starts its own cluster points Spark at it). */
  public void override(List<String> settings) {
    overrides.addAll(settings);
  }

  public DrgradeConfig load() {
    return load(List.of());
  }

  /** The configuration with {@code extra} overrides applied after the user's (they win). */
  public DrgradeConfig load(List<String> extra) {
    Optional<File> file =
        Optional.ofNullable(config)
            .or(() -> DEFAULT_CONF.isFile() ? Optional.of(DEFAULT_CONF) : Optional.empty());
    List<String> all = new ArrayList<>(overrides);
    all.addAll(extra);
    return DrgradeConfig.load(file, all);
  }
}
