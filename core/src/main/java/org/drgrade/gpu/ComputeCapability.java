package org.drgrade.gpu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CUDA compute capability, e.g. 8.6 (A10G) or 9.0 (H100, H200). */
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability> {
  private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d)");
  private static final Pattern ARCH = Pattern.compile("(?:sm_|compute_)?(\\d+)(\\d)");

  public ComputeCapability {
    if (major < 1 || minor < 0 || minor > 9) {
      throw new IllegalArgumentException("not a compute capability: " + major + "." + minor);
    }
  }

  /** Parses "8.6" (nvidia-smi's compute_cap), "86", "sm_86" or "compute_86" (nvcc's spellings). */
  public static ComputeCapability parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = DOTTED.matcher(t);
    if (!m.matches()) {
      m = ARCH.matcher(t);
    }
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a compute capability: '" + text + "' (expected e.g. 8.6 or sm_86)");
    }
    return new ComputeCapability(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  @Override
  public int compareTo(ComputeCapability o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
