package org.drgrade.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.StageMarker;

/**
 * Epoch checkpoints under {@code checkpoints/epoch-NNNN/}: model.zip (the engine's checkpoint:
 * parameters and updater state), meta.json, then _SUCCESS. A directory without _SUCCESS (a crash
 * while saving) is ignored on resume and removed. Only the last K complete checkpoints are kept.
 */
public final class CheckpointStore {
  private final HadoopFiles files;
  private final String root;

  public CheckpointStore(HadoopFiles files, String trainDir) {
    this.files = files;
    this.root = trainDir;
  }

  public record Checkpoint(int epoch, String dir) {}

  public void save(GradingNetwork net, CheckpointMeta meta, int keep) {
    String dir = dir(meta.epoch());
    if (files.exists(dir)) {
      files.delete(dir);
    }
    Path model = new Path(HadoopFiles.join(dir, "model.zip"));
    try (OutputStream out = files.fs(dir).create(model, true)) {
      out.write(net.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + model, e);
    }
    files.writeText(HadoopFiles.join(dir, "meta.json"), meta.toJson());
    StageMarker.markComplete(files, dir);
    List<Checkpoint> complete = complete();
    for (int i = 0; i < complete.size() - keep; i++) {
      files.delete(complete.get(i).dir());
    }
  }

  /** Complete checkpoints, oldest first. */
  public List<Checkpoint> complete() {
    List<Checkpoint> out = new ArrayList<>();
    for (FileStatus s : list(HadoopFiles.join(root, "checkpoints"))) {
      String name = s.getPath().getName();
      if (s.isDirectory()
          && name.startsWith("epoch-")
          && StageMarker.isComplete(files, s.getPath().toString())) {
        out.add(new Checkpoint(Integer.parseInt(name.substring(6)), s.getPath().toString()));
      }
    }
    out.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
    return out;
  }

  /** Removes checkpoint directories a crash left without _SUCCESS. */
  public void removeIncomplete() {
    for (FileStatus s : list(HadoopFiles.join(root, "checkpoints"))) {
      if (s.isDirectory() && !StageMarker.isComplete(files, s.getPath().toString())) {
        files.delete(s.getPath().toString());
      }
    }
  }

  public Optional<Checkpoint> latest() {
    List<Checkpoint> all = complete();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The model file's bytes (the engine's checkpoint zip), e.g. to broadcast to executors. */
  public byte[] modelBytes(Checkpoint c) {
    String model = HadoopFiles.join(c.dir(), "model.zip");
    try (InputStream in = files.fs(model).open(new Path(model))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + model, e);
    }
  }

  /** The checkpoint's network; a clear error if another engine wrote it. */
  public GradingNetwork load(Checkpoint c, Engine engine) {
    return engine.read(modelBytes(c));
  }

  private String dir(int epoch) {
    return HadoopFiles.join(root, String.format("checkpoints/epoch-%04d", epoch));
  }

  private List<FileStatus> list(String dir) {
    try {
      FileSystem fs = files.fs(dir);
      Path p = new Path(dir);
      return fs.exists(p) ? List.of(fs.listStatus(p)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
