package org.drgrade.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A bench's {@code --peer SCRIPT} / {@code --no-peer}: the script when it is there; without it a
 * note if the path was the default (a clone without ../shared), an error if the user named it.
 */
final class PeerScript {
  private PeerScript() {}

  static Optional<Path> resolve(CommandSpec spec, Path script, boolean noPeer) {
    if (noPeer) {
      return Optional.empty();
    }
    if (Files.isRegularFile(script)) {
      return Optional.of(script.toAbsolutePath().normalize());
    }
    if (spec.commandLine().getParseResult().matchedOption("--peer") == null) {
      spec.commandLine()
          .getErr()
          .println(spec.qualifiedName() + ": no peer at " + script + "; running without it");
      return Optional.empty();
    }
    throw new ParameterException(spec.commandLine(), "--peer: no file " + script);
  }
}
