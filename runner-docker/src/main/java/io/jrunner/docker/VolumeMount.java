// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code volumes:} (or of {@code --volume}): a named volume, a bind mount of a host
 * path, or an anonymous volume. Pure values.
 */
sealed interface VolumeMount {
  /** Where it appears in the container (absolute). */
  String target();

  /** {@code name:/path[:ro|rw]}: a Docker volume, created for the job when absent. */
  record Named(String name, String target, boolean readOnly) implements VolumeMount {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
    }
  }

  /** {@code /host:/path[:ro|rw]}: a directory or file of the Docker host. */
  record Bind(String source, String target, boolean readOnly) implements VolumeMount {
    public Bind {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
    }
  }

  /** {@code /path}: a fresh volume removed with its container. */
  record Anonymous(String target) implements VolumeMount {
    public Anonymous {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * @param where what the volume belongs to, for messages
   * @throws BackendException for a form Docker would not take
   */
  static VolumeMount parse(String text, String where) throws BackendException {
    String[] parts = text.split(":", -1);
    if (parts.length == 1) {
      requireAbsolute(parts[0], text, where);
      return new Anonymous(parts[0]);
    }
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw invalid(text, where, "expected name:/path, /host:/path or /path, with :ro or :rw");
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      switch (parts[2]) {
        case "ro" -> readOnly = true;
        case "rw" -> readOnly = false;
        default -> throw invalid(text, where, "the mode must be ro or rw, not " + parts[2]);
      }
    }
    requireAbsolute(parts[1], text, where);
    if (parts[0].startsWith("/")) {
      return new Bind(Path.of(parts[0]).normalize().toString(), parts[1], readOnly);
    }
    if (!parts[0].matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw invalid(
          text, where, "a volume name uses letters, digits, _ . - (a host path starts with /)");
    }
    return new Named(parts[0], parts[1], readOnly);
  }

  /**
   * Checks named volumes and bind mounts against {@code container.valid_volumes}; anonymous volumes
   * are always allowed.
   *
   * @throws BackendException naming the first volume no pattern matches
   */
  static void check(List<VolumeMount> mounts, List<String> validVolumes, String where)
      throws BackendException {
    for (VolumeMount m : mounts) {
      String source =
          switch (m) {
            case Named n -> n.name();
            case Bind b -> b.source();
            case Anonymous a -> null;
          };
      if (source != null && validVolumes.stream().noneMatch(g -> Globs.matches(g, source))) {
        throw new BackendException(
            where
                + ": volume "
                + source
                + " is not allowed by this runner (container.valid_volumes "
                + (validVolumes.isEmpty() ? "is empty" : "is " + validVolumes)
                + ")");
      }
    }
  }

  private static void requireAbsolute(String path, String text, String where)
      throws BackendException {
    if (!path.startsWith("/")) {
      throw invalid(text, where, "the path in the container must be absolute");
    }
  }

  private static BackendException invalid(String text, String where, String why) {
    return new BackendException(where + ": invalid volume \"" + text + "\": " + why);
  }
}
