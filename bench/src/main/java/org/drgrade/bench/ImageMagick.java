package org.drgrade.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ImageMagick's {@code convert}, run as one process per image the way a shell script would.
 *
 * @param convert path of the executable
 * @param version first line of {@code convert -version}
 */
record ImageMagick(Path convert, String version) {

  /** One process per image, never using more than one core, so N workers mean N cores. */
  private static final String THREAD_LIMIT = "MAGICK_THREAD_LIMIT";

  /** The executable found, or why there is none (the benchmark then skips ImageMagick). */
  record Lookup(Optional<ImageMagick> found, String whyNot) {}

  /** {@code given}, else {@code convert} on PATH; it must answer -version as ImageMagick. */
  static Lookup find(Optional<Path> given) throws InterruptedException {
    Optional<Path> candidate = given.or(ImageMagick::onPath);
    if (candidate.isEmpty()) {
      return new Lookup(
          Optional.empty(),
          "no convert on PATH; install ImageMagick (apt-get install -y imagemagick) or pass --imagemagick");
    }
    Path convert = candidate.get();
    try {
      Process p =
          new ProcessBuilder(convert.toString(), "-version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String first = out.lines().findFirst().orElse("").trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)
          || p.exitValue() != 0
          || !first.startsWith("Version: ImageMagick")) {
        return new Lookup(
            Optional.empty(), convert + " -version did not answer as ImageMagick: " + first);
      }
      return new Lookup(
          Optional.of(new ImageMagick(convert, first.substring("Version: ".length()))), null);
    } catch (IOException e) {
      return new Lookup(Optional.empty(), "cannot run " + convert + ": " + e.getMessage());
    }
  }

  private static Optional<Path> onPath() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "convert"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Converts {@code in} to {@code out} with the given options; false when convert fails. */
  boolean convert(Path in, Path out, List<String> steps) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(arguments(in.toString(), steps, out.toString()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put(THREAD_LIMIT, "1");
    return pb.start().waitFor() == 0;
  }

  /** The command as a person would type it. */
  String commandLine(List<String> steps) {
    return THREAD_LIMIT + "=1 " + String.join(" ", arguments("in.jpeg", steps, "out.png"));
  }

  private List<String> arguments(String in, List<String> steps, String out) {
    List<String> args = new ArrayList<>();
    args.add(convert.toString());
    args.add(in);
    args.addAll(steps);
    args.add(out);
    return args;
  }
}
