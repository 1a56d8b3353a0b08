// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.proto.runner.v1.LogRow;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runner's own copy of a job's (masked) log: {@code task-<id>.log} in a directory, mode {@code
 * 0600}, one row per line as Forgejo stores it ({@code <UTC time> <content>}, newlines inside the
 * content as {@code \n}). {@link #sweep} keeps the directory within an age and a count.
 *
 * <p>Threading: an instance is not thread-safe (the reporter writes under its lock); {@link #sweep}
 * is stateless. Errors are {@link IOException}s; the reporter logs them and stops copying.
 */
public final class LocalLogCopy implements Closeable {
  private static final String SUFFIX = ".log";

  private final BufferedWriter out;

  private LocalLogCopy(BufferedWriter out) {
    this.out = out;
  }

  /** Starts the copy of {@code taskId}'s log in {@code dir}. */
  public static LocalLogCopy open(Path dir, long taskId) throws IOException {
    PrivateFiles.directory(dir);
    Path file = dir.resolve("task-" + taskId + SUFFIX);
    PrivateFiles.fresh(file);
    return new LocalLogCopy(
        new BufferedWriter(
            new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.APPEND), StandardCharsets.UTF_8),
            65536));
  }

  /** Appends a row. */
  public void write(LogRow row) throws IOException {
    Instant at = Instant.ofEpochSecond(row.getTime().getSeconds(), row.getTime().getNanos());
    out.write(at.toString());
    out.write(' ');
    out.write(row.getContent().replace("\n", "\\n"));
    out.write('\n');
  }

  /** Hands written rows to the operating system. */
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * Deletes log copies in {@code dir} older than {@code maxAge}, then the oldest beyond {@code
   * maxCount}.
   *
   * @return how many files were deleted
   */
  public static int sweep(Path dir, Duration maxAge, int maxCount, Instant now) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(logs::add);
    }
    logs.sort(Comparator.comparing(LocalLogCopy::modified).reversed());
    int deleted = 0;
    for (int i = 0; i < logs.size(); i++) {
      Instant modified = modified(logs.get(i)).toInstant();
      if (i >= maxCount || modified.isBefore(now.minus(maxAge))) {
        Files.deleteIfExists(logs.get(i));
        deleted++;
      }
    }
    return deleted;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
