// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import io.jrunner.label.Label;
import io.jrunner.label.LabelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Value checks of {@code runner:} that need more than a type: labels, image, CA file. */
final class RunnerChecks {
  private RunnerChecks() {}

  static void check(YamlSection s, RunnerSection r, LoadContext context) {
    Diagnostics d = s.diagnostics();
    boolean imageOk = true;
    try {
      Label.parse("default:docker://" + r.defaultImage());
    } catch (LabelException e) {
      imageOk = false;
      d.problem(
          s.locate("default_image"),
          s.keyPath("default_image") + ": invalid image \"" + r.defaultImage() + "\"");
    }
    if (imageOk) {
      checkLabels(s, r.labels(), r.defaultImage());
    }
    if (r.caFile().isPresent()) {
      Path ca = context.workingDirectory().resolve(r.caFile().get());
      if (!Files.isRegularFile(ca)) {
        d.problem(
            s.locate("ca_file"),
            s.keyPath("ca_file") + ": " + ca + " does not exist or is not a regular file");
      } else if (!Files.isReadable(ca)) {
        d.problem(s.locate("ca_file"), s.keyPath("ca_file") + ": " + ca + " is not readable");
      }
    }
  }

  /** Every bad label and duplicate name, each at its own line. */
  private static void checkLabels(YamlSection s, List<String> labels, String defaultImage) {
    Node list = s.locate("labels");
    // strings() skipped non-scalar items (already reported), so index the scalars only
    List<Node> items =
        list instanceof SequenceNode seq
            ? seq.getValue().stream().filter(ScalarNode.class::isInstance).toList()
            : List.of();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      Node at = i < items.size() ? items.get(i) : list;
      String where = s.keyPath("labels") + "[" + i + "]: ";
      try {
        Label label = Label.parse(labels.get(i), defaultImage);
        Integer first = seen.putIfAbsent(label.name(), i);
        if (first != null) {
          s.diagnostics()
              .problem(
                  at,
                  where
                      + "duplicate label name \""
                      + label.name()
                      + "\" (also runner.labels["
                      + first
                      + "])");
        }
      } catch (LabelException e) {
        for (String problem : e.problems()) {
          s.diagnostics().problem(at, where + problem + " (" + LabelException.VALID_FORMS + ")");
        }
      }
    }
  }
}
