// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A task's write-ahead spool: every masked row, in order, with its absolute index, and at the end
 * the final result once known. Rows are appended as they are produced and read back when memory is
 * short or the server asks again from an older index; after a crash the file is what {@link
 * SpoolRecovery} replays. File {@code task-<id>.spool}, mode {@code 0600}.
 *
 * <p>Record format (big-endian): {@code 1, index:long, seconds:long, nanos:int, length:int,
 * utf8[length]} for a row, {@code 2, result:int} for the end. A torn last record (a crash
 * mid-write) reads as the end of the file.
 *
 * <p>Threading: not thread-safe; the owner serialises calls. Readers opened by {@link #read} are
 * independent of the writer but see only {@link #flush flushed} data.
 */
final class SpoolFile implements Closeable {
  static final String SUFFIX = ".spool";
  private static final byte ROW = 1;
  private static final byte END = 2;

  /** One record read back. */
  sealed interface Entry {
    /** A row and its absolute index. */
    record Row(long index, LogRow row) implements Entry {}

    /** The task's final result. */
    record End(Result result) implements Entry {}
  }

  private final Path path;
  private final DataOutputStream out;
  private long size;

  private SpoolFile(Path path, DataOutputStream out) {
    this.path = path;
    this.out = out;
  }

  /** Creates (or replaces) the spool of {@code taskId} in {@code dir}. */
  static SpoolFile create(Path dir, long taskId) throws IOException {
    PrivateFiles.directory(dir);
    Path path = pathOf(dir, taskId);
    PrivateFiles.fresh(path);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
    return new SpoolFile(
        path, new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 65536)));
  }

  static Path pathOf(Path dir, long taskId) {
    return dir.resolve("task-" + taskId + SUFFIX);
  }

  /** The task id of a spool file name, if it is one. */
  static Optional<Long> taskIdOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.startsWith("task-") || !name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(name.substring(5, name.length() - SUFFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Path path() {
    return path;
  }

  /**
   * Appends a row.
   *
   * @return the file offset of its record
   */
  long appendRow(long index, LogRow row) throws IOException {
    long at = size;
    byte[] content = row.getContent().getBytes(StandardCharsets.UTF_8);
    out.writeByte(ROW);
    out.writeLong(index);
    out.writeLong(row.getTime().getSeconds());
    out.writeInt(row.getTime().getNanos());
    out.writeInt(content.length);
    out.write(content);
    size += 1 + 8 + 8 + 4 + 4 + content.length;
    return at;
  }

  /** Appends the final result (recovery then reports it instead of a failure). */
  void appendEnd(Result result) throws IOException {
    out.writeByte(END);
    out.writeInt(result.getNumber());
    size += 5;
    out.flush();
  }

  /** Hands buffered records to the operating system (survives a crash of this process). */
  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Closes and removes the file, and the step layout kept beside it ({@link SpoolState}). */
  void delete() throws IOException {
    try {
      close();
    } catch (IOException e) {
      // what was buffered could not be written (a full disk): the file goes all the same
    }
    Files.deleteIfExists(path);
    Optional<Long> id = taskIdOf(path);
    if (id.isPresent()) {
      SpoolState.delete(path.getParent(), id.get());
    }
  }

  /** A sequential reader from {@code offset} (a record boundary). */
  static Reader read(Path path, long offset) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    ch.position(offset);
    return new Reader(ch, offset);
  }

  /** Reads records one by one; {@link #next} is empty at the end of the written data. */
  static final class Reader implements Closeable {
    private final DataInputStream in;
    private long position;
    private boolean torn;

    private Reader(FileChannel ch, long position) {
      InputStream raw = Channels.newInputStream(ch);
      this.in = new DataInputStream(new BufferedInputStream(raw, 65536));
      this.position = position;
    }

    /** The offset of the next record. */
    long position() {
      return position;
    }

    /**
     * Whether reading stopped at bytes that are not a whole record (a crash mid-write, a file cut
     * short or overwritten) rather than at the clean end of the file; {@link #position()} is then
     * where the readable part ends.
     */
    boolean torn() {
      return torn;
    }

    Optional<Entry> next() throws IOException {
      try {
        int kind = in.read();
        if (kind == ROW) {
          long index = in.readLong();
          Timestamp time =
              Timestamp.newBuilder().setSeconds(in.readLong()).setNanos(in.readInt()).build();
          int length = in.readInt();
          if (length < 0 || length > 4 * RowFormatter.MAX_ROW_BYTES) {
            torn = true;
            return Optional.empty(); // garbage: treat as the end of what was written
          }
          byte[] content = new byte[length];
          in.readFully(content);
          position += 1 + 8 + 8 + 4 + 4 + content.length;
          LogRow row =
              LogRow.newBuilder()
                  .setTime(time)
                  .setContent(new String(content, StandardCharsets.UTF_8))
                  .build();
          return Optional.of(new Entry.Row(index, row));
        }
        if (kind == END) {
          Result result = Result.forNumber(in.readInt());
          position += 5;
          return Optional.of(new Entry.End(result == null ? Result.RESULT_FAILURE : result));
        }
        torn = kind != -1;
        return Optional.empty();
      } catch (EOFException e) {
        torn = true;
        return Optional.empty(); // a torn last record
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
