// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's job outputs until the server lists them in {@code sent_outputs} (protocol.md §4.7): keys
 * over 255 characters and values over 1 MiB are refused as Forgejo would ignore them, and the first
 * value of a key wins.
 *
 * <p>Threading: not thread-safe; used under the reporter's lock.
 */
final class Outputs {
  static final int MAX_KEY = 255;
  static final int MAX_VALUE_BYTES = 1024 * 1024;

  private final Map<String, String> unsent = new LinkedHashMap<>();
  private final Set<String> known = new HashSet<>();

  /**
   * Records outputs to send.
   *
   * @return a message per refused output, for the log
   */
  List<String> offer(Map<String, String> outputs) {
    List<String> refused = new ArrayList<>();
    outputs.forEach(
        (key, value) -> {
          if (key.length() > MAX_KEY) {
            refused.add("output " + key.substring(0, 32) + "… ignored: key longer than 255");
          } else if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            refused.add("output " + key + " ignored: value larger than 1 MiB");
          } else if (known.add(key)) {
            unsent.put(key, value);
          }
        });
    return refused;
  }

  /** The outputs the server has not acknowledged yet. */
  Map<String, String> unsent() {
    return Map.copyOf(unsent);
  }

  /** The server lists these keys as stored. */
  void acknowledged(List<String> keys) {
    keys.forEach(unsent::remove);
  }

  boolean allSent() {
    return unsent.isEmpty();
  }
}
