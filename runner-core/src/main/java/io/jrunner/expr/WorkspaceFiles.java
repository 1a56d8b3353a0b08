// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a workspace, for {@link HashFiles}. The engine implements it for a workspace inside
 * a container; {@link #local} covers a directory on this machine. Implementations may block.
 */
public interface WorkspaceFiles {
  /**
   * Every regular file, as a path relative to the workspace with {@code /} separators, in any order
   * ({@link HashFiles} orders them).
   */
  List<String> list() throws IOException;

  /** The content of one file listed by {@link #list}. */
  InputStream open(String relativePath) throws IOException;

  /** A directory on this machine; symbolic links are not followed out of it. */
  static WorkspaceFiles local(Path root) {
    Path base = root.toAbsolutePath().normalize();
    return new WorkspaceFiles() {
      @Override
      public List<String> list() throws IOException {
        try (Stream<Path> walk = Files.walk(base)) {
          return walk.filter(Files::isRegularFile)
              .map(p -> base.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
        }
      }

      @Override
      public InputStream open(String relativePath) throws IOException {
        Path p = base.resolve(relativePath).normalize();
        if (!p.startsWith(base)) {
          throw new IOException(relativePath + " is outside the workspace");
        }
        return Files.newInputStream(p);
      }
    };
  }
}
