package org.drgrade.cli;

import java.util.ServiceLoader;
import org.apache.logging.log4j.LogManager;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DeviceRefused;
import org.drgrade.config.InputRejected;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point: {@code drgrade <command> ...}, via spark-submit --class (YARN cluster or
 * client mode) or, through {@link LocalMain}, via submit/drgrade.
 */
@Command(
    name = "drgrade",
    mixinStandardHelpOptions = true,
    version = "drgrade 0.1.0",
    description =
        "Grades diabetic retinopathy (0-4) from colour fundus photographs as a Spark batch job.",
    subcommands = {
      RunCommand.class,
      SynthCommand.class,
      IngestCommand.class,
      PreprocessCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      BlendCommand.class,
      DecideCommand.class,
      ReportCommand.class,
      GradeCommand.class,
      SmokeCommand.class,
      EvaluateCommand.class,
      ModelCommand.class,
      ShowCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements java.util.concurrent.Callable<Integer> {
  public static final int EXIT_CONFIG = 2;

  /**
   * Returns normally on success and never calls System.exit: in YARN cluster mode Spark's
   * ApplicationMaster runs this in a thread and reports SUCCEEDED only when it returns (a
   * System.exit, even with 0, trips its shutdown hook and the application ends FAILED with
   * EXIT_EARLY). A failure is thrown as {@link Failure}, whose message is drgrade's one-line
   * reason: the ApplicationMaster logs it and ends the application FAILED with it in the
   * diagnostics; spark-submit in client mode and a plain JVM exit 1. submit/drgrade runs {@link
   * LocalMain}, which exits with the command's own 0 / 1 / 2.
   */
  public static void main(String[] args) {
    Outcome outcome = run(args);
    if (outcome.code() != 0) {
      throw new Failure(outcome);
    }
  }

  /** A command's exit code and, when it failed, the one line drgrade printed about why. */
  public record Outcome(int code, String reason) {}

  /**
   * A failed command, thrown out of {@link #main}; no stack trace (the reason was logged with one).
   */
  public static final class Failure extends RuntimeException {
    private final int code;

    Failure(Outcome outcome) {
      super(outcome.reason() + " (exit code " + outcome.code() + ")", null, false, false);
      this.code = outcome.code();
    }

    public int code() {
      return code;
    }
  }

  /** {@code drgrade} alone: say what the commands are. */
  @Override
  public Integer call() {
    commandLine().usage(System.err);
    return EXIT_CONFIG;
  }

  /** The product's commands and those of every {@link CommandExtension} on the classpath. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (CommandExtension extension :
        ServiceLoader.load(CommandExtension.class, Main.class.getClassLoader())) {
      cli.addSubcommand(extension.command());
    }
    return cli;
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return run(args).code();
  }

  /**
   * Runs a command line; the reason is the line printed on stderr (or a generic one for usage
   * errors).
   */
  public static Outcome run(String... args) {
    String[] reason = {null};
    CommandLine cli = commandLine();
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigError) {
            reason[0] = "drgrade: " + e.getMessage();
            cmd.getErr().println(reason[0]);
            return EXIT_CONFIG;
          }
          if (e instanceof InputRejected || e instanceof DeviceRefused) {
            // Inputs judged and found ungradable: one line, no stack trace (nothing in drgrade
            // broke).
            reason[0] = "drgrade: " + e.getMessage();
            LogManager.getLogger(Main.class).error(reason[0]);
            cmd.getErr().println(reason[0]);
            return 1;
          }
          LogManager.getLogger(Main.class).error("drgrade " + cmd.getCommandName() + " failed", e);
          reason[0] = "drgrade: " + cmd.getCommandName() + " failed: " + e;
          cmd.getErr().println(reason[0]);
          return 1;
        });
    int code = cli.execute(args);
    if (code != 0 && reason[0] == null) {
      // Usage errors (picocli printed them) and commands that return non-zero themselves. Only the
      // command's name: the arguments may hold --set values that must not reach logs.
      CommandLine.ParseResult parsed = cli.getParseResult();
      String command =
          parsed == null
              ? ""
              : parsed.asCommandLineList().stream()
                  .skip(1)
                  .map(c -> " " + c.getCommandName())
                  .reduce("", String::concat);
      reason[0] =
          "drgrade" + command + ": ended with exit code " + code + " (the lines above say why)";
    }
    return new Outcome(code, reason[0]);
  }
}
