// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's host name, the default runner name (as forgejo-runner's {@code os.Hostname}). */
final class Hostname {
  private Hostname() {}

  static String get() {
    try {
      String name = Files.readString(Path.of("/etc/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // Not Linux, or unreadable: ask the resolver instead.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "jrunner";
    }
  }
}
