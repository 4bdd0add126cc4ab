package org.drgrade.engine;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The one registry of engines: those {@link ServiceLoader} finds on the classpath, by id. Nothing
 * else in drgrade names an engine.
 */
public final class Engines {
  private static final List<Engine> ALL =
      ServiceLoader.load(Engine.class, Engines.class.getClassLoader()).stream()
          .map(ServiceLoader.Provider::get)
          .toList();

  private Engines() {}

  /** The engine with this id; a clear error naming the known ones. */
  public static Engine of(String id) {
    return ALL.stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown engine '" + id + "'; known: " + ids()));
  }

  /** Every engine found, in the order of the services file. */
  public static List<Engine> all() {
    return ALL;
  }

  /** The ids of every engine found. */
  public static List<String> ids() {
    return ALL.stream().map(Engine::id).toList();
  }

  /** The engine a checkpoint records as its writer. */
  public static Engine writerOf(byte[] checkpoint) {
    return of(CheckpointStamp.engineOf(checkpoint));
  }
}
