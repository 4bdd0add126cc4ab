package org.drgrade.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scaling efficiency over repeats: per variant, crop and W, the median, least and greatest of
 * speed(W) / (W x speed(1)) within each repeat, and the median images/s per W. Pairing within a
 * repeat is what makes it robust on a shared machine: this VM's speed drifts by a third between
 * runs minutes apart, while a W = 1 run and the W = 2 run right after it see about the same
 * machine.
 */
final class ScaleEfficiency {
  private ScaleEfficiency() {}

  record Summary(
      int repeats,
      Double medianEfficiency,
      Double leastEfficiency,
      Double greatestEfficiency,
      List<Double> efficiencies,
      double medianImagesPerSecond,
      double medianImagesPerSecondOneWorker) {}

  /** Keyed "variant crop px W = w", for W above 1, in the order first met. */
  static Map<String, Summary> summarise(List<ScaleBench.Run> runs) {
    Map<String, List<ScaleBench.Run>> groups = new LinkedHashMap<>();
    for (ScaleBench.Run r : runs) {
      groups
          .computeIfAbsent(
              r.variant() + " " + r.crop() + "px W = " + r.workers(), k -> new ArrayList<>())
          .add(r);
    }
    Map<String, Summary> out = new LinkedHashMap<>();
    groups.forEach(
        (key, group) -> {
          ScaleBench.Run first = group.get(0);
          if (first.workers() < 2) {
            return;
          }
          List<Double> e =
              group.stream().map(ScaleBench.Run::efficiency).filter(x -> x != null).toList();
          double[] one =
              runs.stream()
                  .filter(
                      o ->
                          o.variant().equals(first.variant())
                              && o.crop() == first.crop()
                              && o.workers() == 1)
                  .mapToDouble(ScaleBench.Run::imagesPerSecond)
                  .toArray();
          out.put(
              key,
              new Summary(
                  group.size(),
                  e.isEmpty()
                      ? null
                      : median(e.stream().mapToDouble(Double::doubleValue).toArray()),
                  e.stream().min(Double::compare).orElse(null),
                  e.stream().max(Double::compare).orElse(null),
                  e,
                  median(group.stream().mapToDouble(ScaleBench.Run::imagesPerSecond).toArray()),
                  one.length == 0 ? Double.NaN : median(one)));
        });
    return out;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
