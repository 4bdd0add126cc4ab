package org.drgrade.blend;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces each eye's distribution by one that also uses the other eye. Patients with one eye are
 * returned unchanged: there is nothing to blend with.
 */
public interface EyeBlender {

  EyePair blend(EyePair pair);

  default List<EyePair> blendAll(List<EyePair> pairs) {
    List<EyePair> out = new ArrayList<>(pairs.size());
    for (EyePair pair : pairs) {
      out.add(blend(pair));
    }
    return out;
  }
}
