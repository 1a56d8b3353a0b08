// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An alias inside the collection it names is a typed error with the alias's position. */
class RecursiveAliasTest {
  private static final String JOBS =
      "jobs:\n  j:\n    runs-on: x\n    steps:\n      - run: 'true'\n";

  @Test
  void selfReferencingOn_isAnErrorAtTheAlias() {
    assertThatThrownBy(() -> WorkflowParser.parse("on: &a {push: {x: *a}}\n" + JOBS))
        .isInstanceOf(WorkflowException.class)
        .hasMessage(
            "line 1, column 19: invalid YAML: the alias *a refers to a node that contains it"
                + " (recursive aliases are not allowed)");
  }

  @Test
  void recursiveSequenceInAJob_isAnError() {
    assertThatThrownBy(
            () ->
                WorkflowParser.parse(
                    "on: push\njobs:\n  j:\n    runs-on: x\n    env: &e\n      A: [1, *e]\n"
                        + "    steps:\n      - run: 'true'\n"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageStartingWith("line 6, column 14: invalid YAML: the alias *e");
  }

  @Test
  void actionMetadata_recursiveAlias_isAnError() {
    assertThatThrownBy(
            () ->
                ActionParser.parse(
                    "name: a\ninputs: &i\n  x:\n    default: *i\nruns:\n  using: node20\n"
                        + "  main: m.js\n"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageStartingWith("line 4, column 14: invalid YAML: the alias *i");
  }

  @Test
  void aliasesOfClosedCollections_andRedefinedAnchors_stillWork() throws Exception {
    Parsed<Workflow> wf =
        WorkflowParser.parse(
            "on: push\nenv: &e {A: '1'}\njobs:\n  j:\n    runs-on: x\n    env: *e\n"
                + "    outputs: &o {o: &o x, p: *o}\n"
                + "    steps:\n      - run: 'true'\n");

    assertThat(wf.value().jobs().get("j").env()).containsEntry("A", "1");
    assertThat(wf.value().jobs().get("j").outputs()).containsEntry("p", "x");
  }
}
