// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import io.jrunner.label.Platform.DockerPlatform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner's labels: an immutable, ordered list with unique names. Immutable and thread-safe.
 *
 * @param labels the labels, in declaration order; names must be unique
 */
public record Labels(List<Label> labels) {
  public Labels {
    labels = List.copyOf(labels);
    Map<String, Label> seen = new HashMap<>();
    for (Label label : labels) {
      Label previous = seen.putIfAbsent(label.name(), label);
      if (previous != null) {
        throw new IllegalArgumentException(duplicate(previous, label));
      }
    }
  }

  /** Parses every label, mapping bare names to {@link Label#DEFAULT_IMAGE}. */
  public static Labels parseAll(List<String> texts) throws LabelException {
    return parseAll(texts, Label.DEFAULT_IMAGE);
  }

  /**
   * Parses every label, reporting all bad ones at once.
   *
   * @param defaultImage the image for bare {@code NAME} labels
   * @throws LabelException listing every label that does not parse and every duplicate name
   */
  public static Labels parseAll(List<String> texts, String defaultImage) throws LabelException {
    List<String> problems = new ArrayList<>();
    List<Label> parsed = new ArrayList<>();
    Map<String, Label> seen = new HashMap<>();
    for (String text : texts) {
      try {
        Label label = Label.parse(text, defaultImage);
        Label previous = seen.putIfAbsent(label.name(), label);
        if (previous == null) {
          parsed.add(label);
        } else {
          problems.add(duplicate(previous, label));
        }
      } catch (LabelException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new LabelException(problems);
    }
    return new Labels(parsed);
  }

  /** The names, in order: what Register and Declare send to the server. */
  public List<String> names() {
    return labels.stream().map(Label::name).toList();
  }

  /** The full {@code name:schema:arg} forms, in order: what {@code .runner} stores. */
  public List<String> normalized() {
    return labels.stream().map(Label::normalized).toList();
  }

  /**
   * The label deciding where a job runs: the first {@code runs-on} value that is one of these label
   * names (forgejo-runner's {@code PickPlatform}). Empty when none matches; the caller picks the
   * fallback.
   */
  public Optional<Label> pick(List<String> runsOn) {
    Objects.requireNonNull(runsOn, "runsOn");
    for (String wanted : runsOn) {
      for (Label label : labels) {
        if (label.name().equals(wanted)) {
          return Optional.of(label);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether any label runs jobs in Docker (then the daemon checks Docker at startup). */
  public boolean requiresDocker() {
    return labels.stream().anyMatch(l -> l.platform() instanceof DockerPlatform);
  }

  /** Whether there are no labels. */
  public boolean isEmpty() {
    return labels.isEmpty();
  }

  private static String duplicate(Label first, Label second) {
    return "duplicate label name \""
        + second.name()
        + "\" (\""
        + first.normalized()
        + "\" and \""
        + second.normalized()
        + "\")";
  }
}
