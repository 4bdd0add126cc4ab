package org.drgrade.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The loaded configuration: command-line overrides, then the chosen conf file, then the defaults in
 * reference.conf. Every key must exist in reference.conf (except the free-form Spark passthrough),
 * so a misspelt key is an error instead of a silently ignored setting.
 */
public final class DrgradeConfig {
  public static final String ROOT = "drgrade";

  /** Keys under these paths are free-form maps passed through to Spark. */
  private static final List<String> FREE_FORM = List.of("drgrade.spark.conf");

  private final Config config;

  private DrgradeConfig(Config config) {
    this.config = config;
  }

  /**
   * Loads the configuration.
   *
   * @param confFile a HOCON file, or empty for reference defaults only
   * @param overrides {@code key=value} strings; the {@code drgrade.} prefix may be left out
   */
  public static DrgradeConfig load(Optional<File> confFile, List<String> overrides) {
    Config reference =
        ConfigFactory.parseResources(DrgradeConfig.class.getClassLoader(), "reference.conf");
    Config file = ConfigFactory.empty();
    if (confFile.isPresent()) {
      File f = confFile.get();
      if (!f.isFile()) {
        throw new ConfigError("config file not found: " + f);
      }
      file =
          parse(
              () ->
                  ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false)),
              f.toString());
    }
    Config cli = ConfigFactory.empty();
    for (String override : overrides) {
      cli = parseOverride(override).withFallback(cli);
    }
    Config merged = cli.withFallback(file).withFallback(reference);
    Config resolved;
    try {
      resolved = merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException e) {
      throw new ConfigError("configuration: " + e.getMessage(), e);
    }
    rejectUnknownKeys(resolved, reference.resolve());
    return new DrgradeConfig(resolved.getConfig(ROOT));
  }

  private static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError("--set expects key=value, got '" + override + "'");
    }
    String key = override.substring(0, eq).trim();
    if (!key.startsWith(ROOT + ".")) {
      key = ROOT + "." + key;
    }
    String value = override.substring(eq + 1).trim();
    String hocon = key + " = " + (value.isEmpty() ? "\"\"" : value);
    return parse(() -> ConfigFactory.parseString(hocon), "--set " + override);
  }

  private static Config parse(java.util.function.Supplier<Config> parser, String source) {
    try {
      return parser.get();
    } catch (ConfigException e) {
      throw new ConfigError("cannot parse " + source + ": " + e.getMessage(), e);
    }
  }

  private static void rejectUnknownKeys(Config resolved, Config reference) {
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ?> entry : resolved.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(ROOT + ".")
          || FREE_FORM.stream().anyMatch(p -> key.startsWith(p + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigError(
          "unknown configuration key(s): "
              + String.join(", ", unknown)
              + " (every key is listed, with its meaning, in reference.conf)");
    }
  }

  /**
   * This configuration with {@code values} (keys without the drgrade. prefix) in place of its own:
   * a derived run's settings (a step of drgrade.train.schedule). Values are taken as given, not
   * re-resolved, so a key derived from one of them (model.dir from run.output) must be given too.
   */
  public DrgradeConfig with(Map<String, ?> values) {
    Config replaced = config;
    for (Map.Entry<String, ?> e : values.entrySet()) {
      replaced = replaced.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return new DrgradeConfig(replaced);
  }

  public String string(String key) {
    return typed(key, () -> config.getString(key));
  }

  public int integer(String key) {
    return typed(key, () -> config.getInt(key));
  }

  public long longValue(String key) {
    return typed(key, () -> config.getLong(key));
  }

  public double number(String key) {
    return typed(key, () -> config.getDouble(key));
  }

  public boolean flag(String key) {
    return typed(key, () -> config.getBoolean(key));
  }

  public List<String> strings(String key) {
    return typed(key, () -> new ArrayList<>(config.getStringList(key)));
  }

  public List<Double> numbers(String key) {
    return typed(key, () -> new ArrayList<>(config.getDoubleList(key)));
  }

  /** A free-form map of string settings (e.g. the Spark passthrough). */
  public Map<String, String> stringMap(String key) {
    Config sub = typed(key, () -> config.getConfig(key));
    Map<String, String> out = new java.util.TreeMap<>();
    sub.entrySet()
        .forEach(e -> out.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped())));
    return out;
  }

  /** An integer that must be at least {@code min}. */
  public int positive(String key, int min) {
    int value = integer(key);
    if (value < min) {
      throw new ConfigError(ROOT + "." + key + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  private static String stripQuotes(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  private static <T> T typed(String key, java.util.function.Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.WrongType e) {
      throw new ConfigError(ROOT + "." + key + " has the wrong type: " + e.getMessage(), e);
    } catch (ConfigException.Missing e) {
      throw new ConfigError(ROOT + "." + key + " is missing", e);
    }
  }

  /** The underlying config, for rendering (e.g. `drgrade config`). */
  public Config raw() {
    return config;
  }
}
