// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * Receives a process's output one line at a time, without the line terminator, in order per stream.
 * Called from the backend's reader thread; implementations must not block for long.
 */
@FunctionalInterface
public interface LineSink {
  /**
   * @param stderr whether the line came from standard error
   * @param line the line, never containing a newline
   */
  void line(boolean stderr, String line);
}
