package org.drgrade.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Identities for images whose file name alone does not tell them apart: two clinics' different
 * {@code 406_left.jpeg}. Their image id and patient take the folder they came from, relative to the
 * folder all of them share ({@code clinicA/406_left}, patient {@code clinicA/406}), so both are
 * graded and eyes pair only within a folder. Every image of an affected patient is renamed, not
 * only the clashing ones, or {@code clinicA/406_right} would lose its partner. Two files of one
 * stem in one folder ({@code 406_left.jpeg} and {@code 406_left.png}) keep their extension: two
 * views of one eye.
 */
final class FolderNames {
  private FolderNames() {}

  /** One accepted file: its path and the identity its name alone gives. */
  record File(String path, String fileName, String image, String patient) {}

  /** The identity a file ends up with. */
  record Named(String path, String image, String patient) {}

  /**
   * @param files every file of the patients that have a name shared by different images
   * @return their identities, qualified by folder, in input order
   */
  static List<Named> qualify(List<File> files) {
    String common = commonFolder(files.stream().map(f -> parent(f.path())).toList());
    List<Named> out = new ArrayList<>(files.size());
    Map<String, Integer> uses = new HashMap<>();
    List<String> folders = new ArrayList<>(files.size());
    for (File f : files) {
      String folder = relative(common, parent(f.path()));
      folders.add(folder);
      uses.merge(join(folder, f.image()), 1, Integer::sum);
    }
    for (int i = 0; i < files.size(); i++) {
      File f = files.get(i);
      String folder = folders.get(i);
      String image = join(folder, f.image());
      out.add(
          new Named(
              f.path(),
              uses.get(image) > 1 ? join(folder, f.fileName()) : image,
              join(folder, f.patient())));
    }
    return out;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The deepest folder that holds every one of {@code folders} (whole path segments). */
  static String commonFolder(List<String> folders) {
    if (folders.isEmpty()) {
      return "";
    }
    String common = folders.get(0);
    for (String folder : folders) {
      while (!(folder.equals(common) || folder.startsWith(common + "/"))) {
        common = parent(common);
        if (common.isEmpty()) {
          return "";
        }
      }
    }
    return common;
  }

  private static String relative(String common, String folder) {
    if (common.isEmpty()) {
      return folder;
    }
    return folder.equals(common) ? "" : folder.substring(common.length() + 1);
  }

  private static String join(String folder, String name) {
    return folder.isEmpty() ? name : folder + "/" + name;
  }
}
