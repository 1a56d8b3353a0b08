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
 * file, in path order; {@code ""} when nothing matches. Patterns are relative to the workspace; a
 * file is included when the last pattern that matches it is not a {@code !} exclusion. Thread-safe
 * when its {@link WorkspaceFiles} is.
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
    MessageDigest total = sha256();
    boolean any = false;
    for (String path : files.list()) {
      if (!included(globs, path)) {
        continue;
      }
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
