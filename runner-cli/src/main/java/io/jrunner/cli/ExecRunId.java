// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.Optional;
import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * The runner id that labels the Docker objects of one {@code jrunner exec} run: {@code
 * exec-<pid>-<uuid>@<host>}. The pid and host let a later run tell whether the run that created
 * some leftovers is still alive on this machine (then they are left alone) or died without cleaning
 * up (then they are removed).
 *
 * @param pid the process id of the exec run
 * @param nonce a random value, unique per run
 * @param host the machine's host name
 */
record ExecRunId(long pid, String nonce, String host) {
  static final String PREFIX = "exec-";

  /** The id of this process's run. */
  static ExecRunId current(String host) {
    return new ExecRunId(ProcessHandle.current().pid(), UUID.randomUUID().toString(), host);
  }

  /** Parses an id written by {@link #toString()}; empty for any other runner id. */
  static Optional<ExecRunId> parse(String id) {
    if (!id.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int dash = id.indexOf('-', PREFIX.length());
    int at = id.lastIndexOf('@');
    if (dash < 0 || at < dash) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(id.substring(PREFIX.length(), dash));
      return Optional.of(new ExecRunId(pid, id.substring(dash + 1, at), id.substring(at + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code id} names an exec run on {@code host} whose process is gone ({@code alive}
   * answers false for its pid).
   */
  static boolean orphaned(String id, String host, LongPredicate alive) {
    return parse(id).filter(r -> r.host.equals(host)).map(r -> !alive.test(r.pid)).orElse(false);
  }

  @Override
  public String toString() {
    return PREFIX + pid + "-" + nonce + "@" + host;
  }
}
