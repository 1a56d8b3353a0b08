// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the {@code .runner} file in forgejo-runner's format: JSON with 2-space indent
 * and the keys {@code WARNING}, {@code id}, {@code uuid}, {@code name}, {@code token}, {@code
 * address}, {@code labels} in that order. Writes are atomic (temporary file in the same directory,
 * fsync, atomic rename) and the file is readable by its owner only (0600 where POSIX permissions
 * exist), since it holds the runner token. Stateless and thread-safe; two processes sharing one
 * file are prevented by {@link RegistrationLock}, not here.
 */
public final class RegistrationStore {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationStore.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private RegistrationStore() {}

  /** Whether {@code file} exists (the runner is registered, or at least was). */
  public static boolean exists(Path file) {
    return Files.exists(file);
  }

  /**
   * Reads {@code file}. Unknown keys are ignored; {@code id}, {@code name} and {@code labels} may
   * be missing.
   *
   * @throws RegistrationException if the file does not exist ("not registered"), cannot be read, is
   *     not JSON, or lacks {@code uuid}, {@code token} or {@code address}
   */
  public static Registration load(Path file) throws RegistrationException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new RegistrationException(
          "not registered: " + file + " does not exist; run `jrunner register` first");
    } catch (IOException e) {
      throw new RegistrationException("cannot read " + file + ": " + e, e);
    }
    try {
      return RegistrationJson.read(text);
    } catch (JsonParseException
        | IllegalStateException
        | NumberFormatException
        | UnsupportedOperationException e) { // how Gson reports bad JSON and wrong types
      throw new RegistrationException(
          file + " is not a valid registration file (" + e.getMessage() + "); register again", e);
    }
  }

  /**
   * Writes {@code registration} to {@code file} atomically with owner-only permissions, unless the
   * file already holds the same registration (forgejo-runner rewrites only on change).
   *
   * @return true if the file was written, false if it was already up to date
   * @throws RegistrationException if the file cannot be written; the old file is then unchanged
   */
  public static boolean save(Path file, Registration registration) throws RegistrationException {
    Objects.requireNonNull(registration, "registration");
    if (Files.exists(file)) {
      try {
        if (load(file).equals(registration)) {
          return false;
        }
      } catch (RegistrationException e) {
        LOG.debug("replacing unreadable registration file {}: {}", file, e.getMessage());
      }
    }
    try {
      write(
          file.toAbsolutePath(),
          RegistrationJson.write(registration).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RegistrationException("cannot write " + file + ": " + e, e);
    }
    LOG.debug("wrote registration file {}", file);
    return true;
  }

  private static void write(Path file, byte[] content) throws IOException {
    Path dir = file.getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
    try {
      if (posix) {
        Files.setPosixFilePermissions(tmp, OWNER_ONLY); // not subject to the umask
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes the rename durable; not possible on every platform, so failure is only logged. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
