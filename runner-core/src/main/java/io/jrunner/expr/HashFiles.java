// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * GitHub's {@code hashFiles}: the SHA-256 of the concatenated SHA-256 digests of every matching
 * file, {@code ""} when nothing matches. Patterns are relative to the workspace; a file is included
 * when the last pattern that matches it is not a {@code !} exclusion. Files are hashed in the order
 * actions/runner's {@code @actions/glob} walk finds them (forgejo-runner runs the same script): for
 * each search path in pattern order (the literal directories before a pattern's first wildcard,
 * without duplicates and paths under another one), a depth-first walk whose entries are sorted by
 * {@code strcmp} of their names, so {@code d/a/x} comes before {@code d/a-b/y}. Thread-safe when
 * its {@link WorkspaceFiles} is.
 */
public final class HashFiles implements FileHasher {
  private final WorkspaceFiles files;

  public HashFiles(WorkspaceFiles files) {
    this.files = files;
  }

  @Override
  public String hashFiles(List<String> patterns) throws IOException {
    List<Glob> globs = new ArrayList<>();
    for (String p : patterns) {
      for (String line : p.split("\n")) {
        if (!line.isBlank()) {
          globs.add(Glob.compile(line));
        }
      }
    }
    List<String> listed = new ArrayList<>(files.list());
    listed.sort(HashFiles::walkOrder);
    List<String> ordered = new ArrayList<>();
    for (String root : searchPaths(globs)) {
      for (String path : listed) {
        if ((root.isEmpty() || path.equals(root) || path.startsWith(root + "/"))
            && included(globs, path)) {
          ordered.add(path);
        }
      }
    }
    MessageDigest total = sha256();
    boolean any = false;
    for (String path : ordered) {
      MessageDigest one = sha256();
      try (InputStream in = files.open(path)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          one.update(buffer, 0, n);
        }
      }
      total.update(one.digest());
      any = true;
    }
    return any ? HexFormat.of().formatHex(total.digest()) : "";
  }

  /**
   * The search paths of the patterns, as {@code @actions/glob}'s {@code getSearchPaths}: the search
   * path of each pattern that is not an exclusion, in pattern order, without duplicates and without
   * those under another pattern's search path ({@code ""} is the workspace).
   */
  static List<String> searchPaths(List<Glob> globs) {
    java.util.Set<String> candidates = new java.util.HashSet<>();
    for (Glob g : globs) {
      if (!g.negated()) {
        candidates.add(g.searchPath());
      }
    }
    List<String> out = new ArrayList<>();
    for (Glob g : globs) {
      String path = g.searchPath();
      if (g.negated() || out.contains(path)) {
        continue;
      }
      boolean underAnother = false;
      for (String parent = parent(path); parent != null; parent = parent(parent)) {
        if (candidates.contains(parent)) {
          underAnother = true;
          break;
        }
      }
      if (!underAnother) {
        out.add(path);
      }
    }
    return out;
  }

  private static String parent(String path) {
    if (path.isEmpty()) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * The order of a depth-first walk that visits a directory's entries sorted by {@code strcmp} of
   * their names (what Node's {@code readdir} gives, through libuv's {@code scandir}): paths compare
   * segment by segment, each by its UTF-8 bytes.
   */
  static int walkOrder(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          java.util.Arrays.compareUnsigned(
              x[i].getBytes(java.nio.charset.StandardCharsets.UTF_8),
              y[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static boolean included(List<Glob> globs, String path) {
    boolean in = false;
    for (Glob g : globs) {
      if (g.matches(path)) {
        in = !g.negated();
      }
    }
    return in;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
