package org.drgrade.cli;

import org.apache.logging.log4j.LogManager;
import org.drgrade.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point: {@code drgrade <command> ...}, locally via submit/drgrade or via spark-submit --class. */
@Command(name = "drgrade", mixinStandardHelpOptions = true, version = "drgrade 0.1.0",
    description = "Grades diabetic retinopathy (0-4) from colour fundus photographs as a Spark batch job.",
    subcommands = {RunCommand.class, SynthCommand.class, IngestCommand.class, PreprocessCommand.class, TrainCommand.class,
        PredictCommand.class, BlendCommand.class, DecideCommand.class, ReportCommand.class, GradeCommand.class, EvaluateCommand.class, ModelCommand.class, ShowCommand.class, BenchCommand.class,
        ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  public static final int EXIT_CONFIG = 2;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** {@code drgrade} alone: say what the commands are. */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return EXIT_CONFIG;
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigError) {
        cmd.getErr().println("drgrade: " + e.getMessage());
        return EXIT_CONFIG;
      }
      LogManager.getLogger(Main.class).error("drgrade " + cmd.getCommandName() + " failed", e);
      cmd.getErr().println("drgrade: " + cmd.getCommandName() + " failed: " + e);
      return 1;
    });
    return cli.execute(args);
  }
}
