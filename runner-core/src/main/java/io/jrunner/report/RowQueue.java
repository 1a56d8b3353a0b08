// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.proto.runner.v1.LogRow;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of a task not yet acknowledged by the server, with absolute indices. Every row goes to
 * the {@link SpoolFile} first; memory keeps a window of at most {@code memoryBytes} starting at the
 * server's ack. Rows beyond the window live only on disk and are read back in order as the window
 * drains; an ack that goes backwards (the server lost rows) re-reads from the spool, found through
 * a checkpoint every {@value #CHECKPOINT} rows.
 *
 * <p>When the spool cannot be written (a full file system) while every unacknowledged row is still
 * in memory, the queue keeps going in memory only ({@link #spoolFailure()}): the rows already
 * produced and those to come are still sent while they fit in {@link #FALLBACK_FACTOR} times {@code
 * memoryBytes}, memory then being their only copy rather than a cache of the spool (a row beyond
 * that is refused with an {@link IOException}: memory stays bounded), and a backward ack can no
 * longer be served.
 *
 * <p>Threading: not thread-safe; the reporter calls it under its lock. Errors are the spool's
 * {@link IOException}s.
 */
final class RowQueue {
  static final int CHECKPOINT = 1024;

  /**
   * How many times {@code memoryBytes} the rows of a queue whose spool failed may hold: there the
   * window is the rows' only copy, so it may grow past the cache size (16 MiB with the default
   * window: ~100,000 short rows waiting for the server) before a row is refused.
   */
  static final int FALLBACK_FACTOR = 4;

  private final SpoolFile spool;
  private final long memoryBytes;
  private final ArrayDeque<LogRow> window = new ArrayDeque<>();
  private final List<Long> checkpoints = new ArrayList<>();
  private long windowBytes;
  private long acked;
  private long end;
  private long diskPosition = -1;
  private IOException spoolFailure;

  RowQueue(SpoolFile spool, long memoryBytes) {
    this.spool = spool;
    this.memoryBytes = memoryBytes;
  }

  /** Appends a row at index {@link #end()}. */
  void append(LogRow row) throws IOException {
    if (spoolFailure == null) {
      try {
        appendToSpool(row);
        return;
      } catch (IOException e) {
        if (diskPosition >= 0) {
          throw e; // rows beyond the window live only on disk: the spool cannot be skipped
        }
        spoolFailure = e;
      }
    }
    if (windowBytes + cost(row) > FALLBACK_FACTOR * memoryBytes) { // bounded: this row is lost
      throw new IOException("the spool cannot be written and the memory window is full");
    }
    window.add(row); // memory only from now on
    windowBytes += cost(row);
    end++;
  }

  /** Why the spool was given up, once it was: the queue then holds its rows in memory only. */
  Optional<IOException> spoolFailure() {
    return Optional.ofNullable(spoolFailure);
  }

  private void appendToSpool(LogRow row) throws IOException {
    long offset = spool.appendRow(end, row);
    if (end % CHECKPOINT == 0) {
      checkpoints.add(offset);
    }
    end++;
    if (diskPosition < 0 && windowBytes + cost(row) <= memoryBytes) {
      window.add(row);
      windowBytes += cost(row);
    } else if (diskPosition < 0) {
      diskPosition = offset;
    }
  }

  /** The index the next row gets: the number of rows ever appended. */
  long end() {
    return end;
  }

  /** The server's ack: rows below it are stored on the server. */
  long acked() {
    return acked;
  }

  /**
   * Rows from {@link #acked()} on, at most {@code maxBytes} of content in all but at least one if
   * any. Beyond the memory window the batch is read straight from the spool, so its size does not
   * depend on the window's.
   */
  List<LogRow> batch(long maxBytes) throws IOException {
    if (diskPosition >= 0 && windowBytes <= memoryBytes / 2) {
      refill();
    }
    List<LogRow> out = new ArrayList<>();
    long bytes = 0;
    for (LogRow row : window) {
      if (!out.isEmpty() && bytes + wire(row) > maxBytes) {
        return out;
      }
      out.add(row);
      bytes += wire(row);
    }
    if (diskPosition < 0) {
      return out;
    }
    spool.flush();
    try (SpoolFile.Reader r = SpoolFile.read(spool.path(), diskPosition)) {
      for (long next = acked + window.size(); next < end; next++) {
        LogRow row = rowAt(r, next);
        if (!out.isEmpty() && bytes + wire(row) > maxBytes) {
          break;
        }
        out.add(row);
        bytes += wire(row);
      }
    }
    return out;
  }

  /** Applies the server's ack: forward drops rows; backward re-reads them from the spool. */
  void ack(long ack) throws IOException {
    long target = Math.min(Math.max(ack, 0), end);
    if (target >= acked && target <= acked + window.size()) {
      for (long i = acked; i < target; i++) {
        windowBytes -= cost(window.removeFirst());
      }
      acked = target; // the disk position still points at row acked + window.size()
      return;
    }
    if (target > acked && diskPosition >= 0) {
      skipOnDisk(target); // a batch read from disk was acknowledged
      return;
    }
    reposition(target);
  }

  /** Hands spooled rows to the operating system. */
  void flush() throws IOException {
    if (spoolFailure == null) {
      spool.flush();
    }
  }

  private void reposition(long index) throws IOException {
    if (spoolFailure != null && index < acked) {
      throw new IOException(
          "the server asks again for rows the spool could not keep", spoolFailure);
    }
    window.clear();
    windowBytes = 0;
    acked = index;
    if (index == end) {
      diskPosition = -1;
      return;
    }
    spool.flush();
    int cp = (int) (index / CHECKPOINT);
    try (SpoolFile.Reader r = SpoolFile.read(spool.path(), checkpoints.get(cp))) {
      for (long i = (long) cp * CHECKPOINT; i < index; i++) {
        r.next();
      }
      diskPosition = r.position();
    }
  }

  private void skipOnDisk(long target) throws IOException {
    spool.flush();
    try (SpoolFile.Reader r = SpoolFile.read(spool.path(), diskPosition)) {
      for (long i = acked + window.size(); i < target; i++) {
        rowAt(r, i);
      }
      window.clear();
      windowBytes = 0;
      acked = target;
      diskPosition = target < end ? r.position() : -1;
    }
  }

  private LogRow rowAt(SpoolFile.Reader r, long index) throws IOException {
    Optional<SpoolFile.Entry> e = r.next();
    if (e.isEmpty() || !(e.get() instanceof SpoolFile.Entry.Row row) || row.index() != index) {
      throw new IOException("spool " + spool.path() + " has no row " + index);
    }
    return row.row();
  }

  private void refill() throws IOException {
    spool.flush();
    try (SpoolFile.Reader r = SpoolFile.read(spool.path(), diskPosition)) {
      long next = acked + window.size();
      while (next < end && windowBytes < memoryBytes) {
        LogRow row = rowAt(r, next);
        window.add(row);
        windowBytes += cost(row);
        next++;
      }
      diskPosition = next < end ? r.position() : -1;
    }
  }

  private static long wire(LogRow row) {
    return row.getContent().length() + 16L;
  }

  /**
   * A row's heap: its content (two bytes a char at most) and, measured with a class histogram of a
   * flood, 144 bytes of {@code LogRow}, {@code Timestamp}, {@code String} and array headers.
   */
  private static long cost(LogRow row) {
    return 2L * row.getContent().length() + 144;
  }
}
