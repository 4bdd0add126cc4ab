package org.drgrade.blend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The executor side of blending: each row is one patient's two eyes (either may be missing); the
 * chosen blender (one network instance per partition, from broadcast bytes, or the linear weight)
 * turns it into one predictions row per eye.
 */
final class PairBlendTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final double ownWeight;
  private final Broadcast<byte[]> network;

  PairBlendTask(String method, double ownWeight, Broadcast<byte[]> network) {
    this.method = method;
    this.ownWeight = ownWeight;
    this.network = network;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> pairs) {
    EyeBlender blender =
        switch (method) {
          case BlendConfig.NETWORK -> BlendNetwork.fromBytes(network.value());
          case BlendConfig.LINEAR -> new LinearBlend(ownWeight);
          default -> pair -> pair;
        };
    List<Row> rows = new ArrayList<>();
    pairs.forEachRemaining(rows::add);
    List<EyePair> blended = blender.blendAll(rows.stream().map(PatientPairs::toPair).toList());
    List<Row> out = new ArrayList<>(rows.size() * 2);
    for (int i = 0; i < rows.size(); i++) {
      out.addAll(PatientPairs.rows(rows.get(i), blended.get(i)));
    }
    return out.iterator();
  }
}
