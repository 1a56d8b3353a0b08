// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's {@code runs-on}: a label, a list of labels, or {@code {group, labels}}.
 *
 * @param labels the labels, possibly empty when only a group is given
 * @param group the runner group, if given
 * @param pos where it is defined
 */
public record RunsOn(List<String> labels, Optional<String> group, SourcePos pos) {
  public RunsOn {
    labels = List.copyOf(labels);
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(pos, "pos");
  }
}
