// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import io.jrunner.exec.ShellWords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed {@code docker create} option string: each {@link ContainerOption} given, with its values
 * in order (flags as {@code true}/{@code false}). Values are checked for form when parsed. Pure;
 * immutable.
 *
 * <p>Accepted spellings, as the Docker CLI: {@code --opt value}, {@code --opt=value}, {@code -e
 * value}, {@code -eVALUE}, {@code -e=VALUE}, {@code --flag}, {@code --flag=false}; words are split
 * and unquoted like a shell ({@link ShellWords}).
 */
record ContainerOptions(Map<ContainerOption, List<String>> values) {
  /** No options. */
  static final ContainerOptions NONE = new ContainerOptions(Map.of());

  ContainerOptions {
    Map<ContainerOption, List<String>> copy = new EnumMap<>(ContainerOption.class);
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * @param text the option string as written
   * @param where what the options belong to, for messages ({@code service db})
   * @throws BackendException naming {@code where} and the first problem: a quote left open, an
   *     unknown option, a missing value, a value of the wrong form, a stray argument
   */
  static ContainerOptions parse(String text, String where) throws BackendException {
    List<String> words;
    try {
      words = ShellWords.split(text);
    } catch (IllegalArgumentException e) {
      throw new BackendException(where + ": options: " + e.getMessage());
    }
    Map<ContainerOption, List<String>> values = new EnumMap<>(ContainerOption.class);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("-") || word.equals("-") || word.equals("--")) {
        throw new BackendException(
            where + ": options: unexpected argument \"" + word + "\" (only options are allowed)");
      }
      String name = word;
      String value = null;
      if (word.startsWith("--")) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          name = word.substring(0, eq);
          value = word.substring(eq + 1);
        }
      } else if (word.length() > 2) {
        name = word.substring(0, 2);
        value = word.charAt(2) == '=' ? word.substring(3) : word.substring(2);
      }
      String spelled = name;
      ContainerOption option =
          ContainerOption.named(name)
              .orElseThrow(
                  () ->
                      new BackendException(
                          where
                              + ": options: "
                              + spelled
                              + " is not an option jrunner supports (see the list in"
                              + " docs/configuration.md)"));
      if (option.kind() == ContainerOption.Kind.FLAG) {
        if (value == null) {
          value = "true";
        }
      } else if (value == null) {
        if (i + 1 >= words.size()) {
          throw new BackendException(where + ": options: " + name + " needs a value");
        }
        value = words.get(++i);
      }
      Optional<String> problem = option.check(value);
      if (problem.isPresent()) {
        throw new BackendException(where + ": options: " + name + " " + problem.get());
      }
      values.computeIfAbsent(option, k -> new ArrayList<>()).add(value);
    }
    return new ContainerOptions(values);
  }

  /** This option's values, in order; empty when not given. */
  List<String> all(ContainerOption option) {
    return values.getOrDefault(option, List.of());
  }

  /** The last value given (the one that counts for single-valued options). */
  Optional<String> last(ContainerOption option) {
    List<String> all = all(option);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
  }

  /** Whether a flag was given and not turned off. */
  boolean flag(ContainerOption option) {
    return last(option).map(Boolean::parseBoolean).orElse(false);
  }

  /** The long names of the options given that reach the host, sorted. */
  Set<String> hostReaching() {
    Set<String> out = new TreeSet<>();
    for (ContainerOption o : values.keySet()) {
      if (o.reach() == ContainerOption.Reach.HOST) {
        out.add(o.longName());
      }
    }
    return out;
  }

  /** These options followed by {@code later}'s (later values win for single-valued options). */
  ContainerOptions then(ContainerOptions later) {
    Map<ContainerOption, List<String>> merged = new LinkedHashMap<>();
    values.forEach((k, v) -> merged.put(k, new ArrayList<>(v)));
    later.values.forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return new ContainerOptions(merged);
  }
}
