package org.drgrade.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small-file I/O on any Hadoop URI (file:, s3a:, hdfs:). Writes go to a temporary name and are
 * renamed into place, so a reader never sees a half-written file under its final name.
 */
public final class HadoopFiles {
  private final Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  public FileSystem fs(String uri) {
    try {
      return FileSystem.get(URI.create(uri), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open file system of " + uri, e);
    }
  }

  public boolean exists(String uri) {
    try {
      return fs(uri).exists(new Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + uri, e);
    }
  }

  public void writeBytes(String uri, byte[] bytes) {
    Path target = new Path(uri);
    Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + System.nanoTime());
    FileSystem fs = fs(uri);
    try {
      try (OutputStream out = fs.create(temp, true)) {
        out.write(bytes);
      }
      fs.delete(target, false);
      if (!fs.rename(temp, target)) {
        throw new IOException("rename " + temp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri, e);
    }
  }

  public void writeText(String uri, String text) {
    writeBytes(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  public String readText(String uri) {
    try (InputStream in = fs(uri).open(new Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  public byte[] readBytes(String uri) {
    try (InputStream in = fs(uri).open(new Path(uri))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  public void delete(String uri) {
    try {
      fs(uri).delete(new Path(uri), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + uri, e);
    }
  }

  /** Joins a child name onto a URI without doubling slashes. */
  public static String join(String uri, String child) {
    return uri.endsWith("/") ? uri + child : uri + "/" + child;
  }
}
