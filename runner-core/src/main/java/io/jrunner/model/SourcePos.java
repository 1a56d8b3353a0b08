// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A place in a YAML document, one-based as editors show it.
 *
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record SourcePos(int line, int column) {
  /** Where nothing better is known. */
  public static final SourcePos START = new SourcePos(1, 1);

  /** Where {@code node} starts. */
  static SourcePos of(Node node) {
    return node == null
        ? START
        : node.getStartMark()
            .map(m -> new SourcePos(m.getLine() + 1, m.getColumn() + 1))
            .orElse(START);
  }

  @Override
  public String toString() {
    return "line " + line + ", column " + column;
  }
}
