package org.drgrade.io;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The shape every stage shares, written once: its inputs (earlier stages' outputs) must be
 * complete, its own marker is cleared before any work, and only after the work has written its
 * outputs (each file atomically, through {@link HadoopFiles}) come the summary and, last, {@code
 * _SUCCESS}. A stage that fails anywhere leaves no marker, so a later stage or a sensor never picks
 * up half an output, and a rerun starts the stage again (resuming whatever the stage itself keeps).
 */
public final class Stage {
  /** The summary every stage writes beside its outputs, and the report reads back. */
  public static final String SUMMARY = "summary.json";

  /**
   * An earlier stage's output this one reads. {@code command}, when not null, is the drgrade
   * command that makes it, named in the refusal so the user knows what to run.
   */
  public record Input(String what, String uri, String command) {
    public Input(String what, String uri) {
      this(what, uri, null);
    }

    /** Refuses an input whose stage has not completed, naming it. */
    public void require(HadoopFiles files) {
      if (!StageMarker.isComplete(files, uri)) {
        throw new IllegalStateException(
            what
                + " "
                + uri
                + " is not complete (no _SUCCESS)"
                + (command == null ? "" : ": run drgrade " + command + " first"));
      }
    }
  }

  private final HadoopFiles files;
  private final String output;
  private final String summaryFile;
  private final List<Input> inputs;

  public Stage(HadoopFiles files, String output, Input... inputs) {
    this(files, output, SUMMARY, inputs);
  }

  /** A stage whose summary has a name of its own (synth's synth.json). */
  public Stage(HadoopFiles files, String output, String summaryFile, Input... inputs) {
    this.files = files;
    this.output = output;
    this.summaryFile = summaryFile;
    this.inputs = List.of(inputs);
  }

  public <S> S run(Supplier<S> work) {
    return run(work, summary -> {});
  }

  /**
   * Checks the inputs, clears the marker, does the work, writes its summary, then {@code judge}s it
   * and marks the output complete. The judge comes after the summary, so a rejected run still says
   * what it found, and before the marker, so a rejected run is not a complete stage.
   */
  public <S> S run(Supplier<S> work, Consumer<S> judge) {
    inputs.forEach(input -> input.require(files));
    StageMarker.clear(files, output);
    S summary = work.get();
    files.writeText(HadoopFiles.join(output, summaryFile), Json.pretty(summary));
    judge.accept(summary);
    StageMarker.markComplete(files, output);
    return summary;
  }
}
