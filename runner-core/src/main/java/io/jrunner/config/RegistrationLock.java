// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive advisory lock on {@code <runner file>.lock}, so two processes never use the same
 * {@code .runner} (they would share one runner identity and fight over tasks). The holder's pid is
 * written into the lock file for the error message of the next process. The lock is released by
 * {@link #close()} or when the process dies; the lock file is left in place, because deleting it
 * would let a third process lock a different file of the same name.
 *
 * <p>Hold one instance per process for as long as the runner runs; {@link #close()} is idempotent.
 * Not meant to be shared between threads.
 */
public final class RegistrationLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationLock.class);

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private RegistrationLock(Path lockFile, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code runnerFile} for this process.
   *
   * @throws RegistrationException if another process (or another holder in this JVM) has it:
   *     "another jrunner process (pid N) is using FILE", or if the lock file cannot be created
   */
  public static RegistrationLock acquire(Path runnerFile) throws RegistrationException {
    Path lockFile = lockFileOf(runnerFile);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held elsewhere in this JVM: the same answer as another process
      }
      if (lock == null) {
        String pid = readPid(channel);
        channel.close();
        throw new RegistrationException(
            "another jrunner process (pid " + pid + ") is using " + runnerFile);
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      channel.force(false);
      return new RegistrationLock(lockFile, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RegistrationException("cannot lock " + lockFile + ": " + e, e);
    }
  }

  /** The lock file of {@code runnerFile}: the same path with {@code .lock} appended. */
  public static Path lockFileOf(Path runnerFile) {
    return runnerFile.resolveSibling(runnerFile.getFileName() + ".lock");
  }

  /** Releases the lock (idempotent). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      LOG.debug("cannot release {}: {}", lockFile, e.toString());
    }
    closeQuietly(channel);
  }

  private static String readPid(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
    return pid.matches("[0-9]+") ? pid : "unknown";
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("cannot close lock file: {}", e.toString());
    }
  }
}
