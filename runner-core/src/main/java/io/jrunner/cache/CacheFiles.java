// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bytes of cache entries on disk. An upload's chunks go to {@code tmp/<id>/<offset>} (each
 * written to a {@code .part} file and renamed when its request body ended); a commit joins them
 * into {@code files/<id % 256>/<id>.part}, syncs it and renames it into place atomically. So a file
 * under its final name is always complete, whatever crashed when.
 *
 * <p>Thread-safe as far as the file system is: distinct ids never share a path.
 */
final class CacheFiles {
  private final Path files;
  private final Path tmp;

  CacheFiles(Path dir) throws IOException {
    this.files = dir.resolve("files");
    this.tmp = dir.resolve("tmp");
    Files.createDirectories(files);
    Files.createDirectories(tmp);
  }

  /** Copies {@code body} into the chunk of {@code id} at {@code offset}; returns its length. */
  long writeChunk(long id, long offset, InputStream body) throws IOException {
    Path dir = tmp.resolve(Long.toString(id));
    Files.createDirectories(dir);
    Path name = dir.resolve(HexFormat.of().toHexDigits(offset));
    Path part = dir.resolve(name.getFileName() + "." + Thread.currentThread().threadId() + ".part");
    long n;
    try (OutputStream out = Files.newOutputStream(part)) {
      n = body.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, name, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return n;
  }

  /**
   * Joins the chunks of {@code id} into its final file. The chunks must cover the bytes from 0
   * without a gap; {@code expectedSize} (unless negative) must equal the total.
   *
   * @return the size of the entry
   * @throws BrokenUploadException when chunks are missing, overlap or the size differs
   */
  long commit(long id, long expectedSize) throws IOException, BrokenUploadException {
    Path dir = tmp.resolve(Long.toString(id));
    List<Path> chunks = chunks(dir);
    Path target = file(id);
    Files.createDirectories(target.getParent());
    Path part = target.resolveSibling(id + ".part");
    long written = 0;
    try (FileChannel out =
        FileChannel.open(
            part,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (Path chunk : chunks) {
        long offset = Long.parseUnsignedLong(chunk.getFileName().toString(), 16);
        if (offset != written) {
          throw new BrokenUploadException(
              "the uploaded chunks do not cover the entry: a chunk starts at "
                  + offset
                  + ", expected "
                  + written);
        }
        try (FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
          long size = in.size();
          long done = 0;
          while (done < size) {
            done += in.transferTo(done, size - done, out);
          }
          written += size;
        }
      }
      if (expectedSize >= 0 && written != expectedSize) {
        throw new BrokenUploadException(
            "broken upload: " + written + " bytes received, " + expectedSize + " declared");
      }
      out.force(true);
    } catch (IOException | BrokenUploadException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(dir);
    return written;
  }

  /** The entry's final file, present only once committed. */
  Path file(long id) {
    return files.resolve(String.format("%02x", id % 256)).resolve(Long.toString(id));
  }

  boolean exists(long id) {
    return Files.isRegularFile(file(id));
  }

  /** Removes the final file and the chunks of {@code id}, if any. */
  void remove(long id) throws IOException {
    Files.deleteIfExists(file(id));
    deleteTree(tmp.resolve(Long.toString(id)));
  }

  /**
   * Removes every file and chunk directory whose id is not in {@code known}, and every leftover
   * {@code .part} file of a join (what a crash can leave). Returns how many were removed.
   */
  int sweep(Set<Long> known) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp)) {
      for (Path d : dirs) {
        if (!known.contains(parseId(d.getFileName().toString()))) {
          deleteTree(d);
          removed++;
        }
      }
    }
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(files)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard)) {
          continue;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
          for (Path f : entries) {
            String name = f.getFileName().toString();
            if (name.endsWith(".part") || !known.contains(parseId(name))) {
              Files.deleteIfExists(f);
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  private static long parseId(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<Path> chunks(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (!p.getFileName().toString().endsWith(".part")) {
          out.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
          // A concurrent writer recreated it; the next sweep takes it.
        }
      }
    }
  }

  /** The chunks of an upload do not make a whole entry. */
  static final class BrokenUploadException extends Exception {
    private static final long serialVersionUID = 1L;

    BrokenUploadException(String message) {
      super(message);
    }
  }
}
