package org.drgrade.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The network of a {@link NetworkSpec} as a layer table with output shapes and three parameter
 * counts, computed from the spec's layout alone (each engine's tests hold its build to it):
 *
 * <ul>
 *   <li>reference: the 2015 solution's convention (925,013 at 448): conv weights and biases, the
 *       scale and shift of each batch norm that follows a conv, FC1 and FC2 weights and biases;
 *       FC1's batch norm is not counted;
 *   <li>stored: every value an engine keeps (926,485 at 448): the above plus each batch norm's two
 *       running statistics per channel and all of FC1's batch norm (DL4J's {@code numParams()});
 *   <li>trainable: what the optimiser updates (stored less the running statistics): 925,205 at 448
 *       = reference + FC1's batch-norm scale and shift.
 * </ul>
 *
 * <p>Layers are named as DL4J names its layer classes, one row per layer it builds.
 */
public record ModelSummary(List<Row> rows, String activation) {

  public record Row(
      int index,
      String layer,
      String outputShape,
      long referenceParams,
      long storedParams,
      long trainableParams,
      long multiplyAdds) {}

  /** The layer table of the network {@code spec} describes. */
  public static ModelSummary of(NetworkSpec spec) {
    Table t = new Table();
    int channels = spec.channels();
    int side = spec.inputSize();
    int[] filters = NetworkSpec.convFilters();
    for (int i = 0; i < filters.length; i++) {
      int out = filters[i];
      long conv = (long) NetworkSpec.KERNEL * NetworkSpec.KERNEL * channels * out + out;
      String shape = out + "x" + side + "x" + side;
      t.add("ConvolutionLayer", shape, conv, conv, conv, (conv - out) * side * side);
      t.add("BatchNormalization", shape, 2L * out, 4L * out, 2L * out);
      t.add("ActivationLayer", shape, 0, 0, 0);
      if (NetworkSpec.poolAfter(i)) {
        side = (side + 1) / 2;
        t.add("SubsamplingLayer", out + "x" + side + "x" + side, 0, 0, 0);
      }
      channels = out;
    }
    t.add("DropoutLayer", channels + "x" + side + "x" + side, 0, 0, 0);
    int fc1 = NetworkSpec.FC1_UNITS;
    long dense = (long) channels * side * side * fc1 + fc1;
    t.add("DenseLayer", String.valueOf(fc1), dense, dense, dense, dense - fc1);
    // FC1's batch norm: not in the reference count, trained all the same.
    t.add("BatchNormalization", String.valueOf(fc1), 0, 4L * fc1, 2L * fc1);
    t.add("ActivationLayer", String.valueOf(fc1), 0, 0, 0);
    int outputs = spec.head().outputs();
    long output = (long) fc1 * outputs + outputs;
    t.add("OutputLayer", String.valueOf(outputs), output, output, output, output - outputs);
    return new ModelSummary(List.copyOf(t.rows), spec.activationText());
  }

  private static final class Table {
    final List<Row> rows = new ArrayList<>();

    void add(String layer, String shape, long reference, long stored, long trainable) {
      add(layer, shape, reference, stored, trainable, 0);
    }

    void add(String layer, String shape, long reference, long stored, long trainable, long macs) {
      rows.add(new Row(rows.size(), layer, shape, reference, stored, trainable, macs));
    }
  }

  public long referenceParams() {
    return rows.stream().mapToLong(Row::referenceParams).sum();
  }

  public long storedParams() {
    return rows.stream().mapToLong(Row::storedParams).sum();
  }

  /**
   * Multiply-adds of one image's forward pass through the convs and dense layers (batch norm,
   * activations and pools add under 1 %). A training step costs about three times this: the forward
   * pass, and the backward pass's gradients for inputs and for weights.
   */
  public long forwardMultiplyAdds() {
    return rows.stream().mapToLong(Row::multiplyAdds).sum();
  }

  public long trainableParams() {
    return rows.stream().mapToLong(Row::trainableParams).sum();
  }

  /** The table, totals, and why the three totals differ. */
  public String text() {
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%-4s %-20s %-14s %10s %10s %10s%n",
                "#", "layer", "output", "reference", "stored", "trainable"));
    for (Row row : rows) {
      out.append(
          String.format(
              "%-4d %-20s %-14s %,10d %,10d %,10d%n",
              row.index(),
              row.layer(),
              row.outputShape(),
              row.referenceParams(),
              row.storedParams(),
              row.trainableParams()));
    }
    out.append(
        String.format(
            "%-40s %,10d %,10d %,10d%n",
            "total", referenceParams(), storedParams(), trainableParams()));
    out.append("activation after each batch norm (9 convs and FC1): ")
        .append(activation)
        .append('\n');
    out.append(
        "reference = the 2015 solution's convention (conv weights+bias, batch-norm scale and shift"
            + " after each conv, FC1 and FC2 weights+bias); stored = every value the engine keeps,"
            + " which adds each batch norm's running mean and variance (2 more values per channel,"
            + " not trained) and FC1's batch norm; trainable = stored less the running statistics,"
            + " i.e. reference + FC1's batch-norm scale and shift.\n");
    return out.toString();
  }
}
