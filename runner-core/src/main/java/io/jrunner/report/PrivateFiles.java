// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files only their owner may read ({@code 0600}) in directories only their owner may enter
 * ({@code 0700} when created here): spools and local log copies hold job output.
 *
 * <p>Stateless and thread-safe; errors are the file system's {@link IOException}s.
 */
final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /** Creates {@code dir} (and parents) when missing. */
  static void directory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (POSIX) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Creates an empty {@code 0600} file, replacing any file of that name. */
  static void fresh(Path file) throws IOException {
    Files.deleteIfExists(file);
    if (POSIX) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
