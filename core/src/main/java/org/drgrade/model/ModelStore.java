package org.drgrade.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.drgrade.engine.Engines;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;

/**
 * A model directory on any Hadoop URI: model.json ({@link ModelDescriptor}), networks/network-N.zip
 * (the engine's files) and, once blend ran, blender.zip. Self-contained: copy the directory
 * anywhere and {@code drgrade grade --model} uses it without the run that made it.
 */
public final class ModelStore {
  public static final String DESCRIPTOR = "model.json";
  public static final String BLENDER_FILE = "blender.zip";

  private final HadoopFiles files;
  private final String dir;

  public ModelStore(HadoopFiles files, String dir) {
    this.files = files;
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }

  /**
   * Replaces whatever was in the directory with a new model: its networks and the patients they
   * were trained on, then model.json last.
   */
  public ModelDescriptor create(
      ModelDescriptor descriptor, List<byte[]> networks, TrainedPatients patients) {
    if (files.exists(dir)) {
      files.delete(dir);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < networks.size(); i++) {
      String name = "networks/network-" + i + ".zip";
      files.writeBytes(HadoopFiles.join(dir, name), networks.get(i));
      names.add(name);
    }
    files.writeText(HadoopFiles.join(dir, TrainedPatients.FILE), Json.pretty(patients));
    ModelDescriptor written =
        new ModelDescriptor(
            descriptor.formatVersion(),
            descriptor.engine(),
            descriptor.created(),
            descriptor.input(),
            descriptor.classes(),
            names,
            descriptor.networkFolds(),
            descriptor.training(),
            TrainedPatients.FILE,
            null,
            null);
    write(written);
    return written;
  }

  /** The descriptor; fails with a clear message when there is no model or a newer format. */
  public ModelDescriptor read() {
    String path = HadoopFiles.join(dir, DESCRIPTOR);
    if (!files.exists(path)) {
      throw new IllegalStateException(
          "no model at " + dir + " (no " + DESCRIPTOR + "): run drgrade train first");
    }
    ModelDescriptor d = Json.parse(files.readText(path), ModelDescriptor.class);
    if (d.formatVersion() > ModelDescriptor.FORMAT_VERSION) {
      throw new IllegalStateException(
          "model "
              + dir
              + " has format "
              + d.formatVersion()
              + ", this drgrade reads up to "
              + ModelDescriptor.FORMAT_VERSION);
    }
    try {
      Engines.of(d.engine());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("model " + dir + ": " + e.getMessage(), e);
    }
    return d;
  }

  /**
   * The patients the model's networks were trained on; empty for a model.json written before they
   * were recorded.
   */
  public Optional<TrainedPatients> patients(ModelDescriptor d) {
    if (d.patients() == null) {
      return Optional.empty();
    }
    return Optional.of(
        Json.parse(files.readText(HadoopFiles.join(dir, d.patients())), TrainedPatients.class));
  }

  /** Read, change, write back (blend and decide add their fitted state this way). */
  public ModelDescriptor update(UnaryOperator<ModelDescriptor> change) {
    ModelDescriptor d = change.apply(read());
    write(d);
    return d;
  }

  /** The bytes of the networks to average, in the descriptor's order. */
  public List<byte[]> networks(ModelDescriptor d) {
    List<byte[]> out = new ArrayList<>();
    for (String name : d.networks()) {
      out.add(files.readBytes(HadoopFiles.join(dir, name)));
    }
    return out;
  }

  public void writeFile(String name, byte[] bytes) {
    files.writeBytes(HadoopFiles.join(dir, name), bytes);
  }

  public byte[] readFile(String name) {
    return files.readBytes(HadoopFiles.join(dir, name));
  }

  private void write(ModelDescriptor d) {
    files.writeText(HadoopFiles.join(dir, DESCRIPTOR), Json.pretty(d));
  }
}
