// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Condition;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The mutable state of one parse: warnings and the node budget that bounds alias expansion. One per
 * parse call, confined to its thread.
 */
final class ParseContext {
  /** Nodes visited after aliases are expanded; a billion-laughs document stops here. */
  static final int NODE_BUDGET = 1_000_000;

  private final List<WorkflowWarning> warnings = new ArrayList<>();
  private int visited;

  void warn(Node node, String message) {
    warnings.add(new WorkflowWarning(SourcePos.of(node), message));
  }

  List<WorkflowWarning> warnings() {
    return warnings;
  }

  void visit(Node node) throws WorkflowException {
    if (++visited > NODE_BUDGET) {
      throw new WorkflowException(
          SourcePos.of(node),
          "the document expands to more than "
              + NODE_BUDGET
              + " nodes (aliases that repeat large parts of it?)");
    }
  }

  /** Syntax-checks every {@code ${{ }}} in a string field. */
  static void checkTemplate(String text, Node node, String path) throws WorkflowException {
    if (!Template.hasExpressions(text)) {
      return;
    }
    try {
      Template.parse(text);
    } catch (ExpressionException e) {
      throw expressionError(e, node, path);
    }
  }

  /** Syntax-checks an {@code if:} condition. */
  static void checkCondition(String text, Node node, String path) throws WorkflowException {
    try {
      Condition.parse(text);
    } catch (ExpressionException e) {
      throw expressionError(e, node, path);
    }
  }

  private static WorkflowException expressionError(ExpressionException e, Node node, String path) {
    SourcePos pos = SourcePos.of(node);
    if (node instanceof ScalarNode s && !s.getValue().contains("\n")) {
      int shift =
          s.getScalarStyle() == ScalarStyle.PLAIN
              ? 0
              : s.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
                      || s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED
                  ? 1
                  : -1;
      if (shift >= 0) {
        pos = new SourcePos(pos.line(), pos.column() + shift + e.offset());
      }
    }
    return new WorkflowException(pos, path + ": invalid expression: " + e.getMessage());
  }
}
