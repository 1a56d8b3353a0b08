// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which host-reaching options ({@link ContainerOption.Reach#HOST}) workflows may use: those named
 * in {@code container.allowed_options}. The runner's own {@code container.options} are trusted and
 * not checked. Pure; immutable.
 */
record OptionPolicy(Set<String> allowed) {
  /** Workflows may use no host-reaching option. */
  static final OptionPolicy STRICT = new OptionPolicy(Set.of());

  OptionPolicy {
    allowed = Set.copyOf(allowed);
  }

  /**
   * @param names option names as an admin writes them: {@code --cap-add}, {@code cap-add}, {@code
   *     --net}
   * @throws IllegalArgumentException naming an option jrunner does not know
   */
  static OptionPolicy of(Collection<String> names) {
    Set<String> allowed = new TreeSet<>();
    for (String name : names) {
      String spelled = name.startsWith("-") ? name : "--" + name;
      ContainerOption option =
          ContainerOption.named(spelled)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "container.allowed_options: unknown option " + name));
      allowed.add(option.longName());
    }
    return new OptionPolicy(allowed);
  }

  /**
   * @param options a workflow's options
   * @param where what they belong to, for the message ({@code service db})
   * @throws BackendException naming each refused option and how an admin can allow it
   */
  void check(ContainerOptions options, String where) throws BackendException {
    Set<String> refused = new TreeSet<>(options.hostReaching());
    refused.removeAll(allowed);
    if (!refused.isEmpty()) {
      throw new BackendException(
          where
              + ": options: "
              + String.join(", ", refused)
              + (refused.size() == 1 ? " is" : " are")
              + " refused: it reaches beyond the container; the runner's administrator can allow"
              + " it in container.allowed_options");
    }
  }
}
