// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.expr.Value;
import io.jrunner.model.WorkflowParser;
import io.jrunner.model.WorkflowRef;
import io.jrunner.model.WorkflowTriggers;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputsTest {
  static final String DISPATCH =
      """
      on:
        workflow_dispatch:
          inputs:
            who: {default: world}
            debug: {type: boolean, default: true}
            level: {type: number, default: 2}
            env: {type: choice, options: [dev, prod], default: dev}
            bare: {type: boolean}
      jobs:
        a: {runs-on: x, steps: [{run: 'true'}]}
      """;

  @Test
  void dispatchInputsTakeThePayloadElseTheDefaultTypedByTheDeclaration() throws Exception {
    var declared = WorkflowTriggers.dispatchInputs(WorkflowParser.parse(DISPATCH).value());
    Value.Obj none = Inputs.ofEvent(declared, Map.of(), null);
    assertThat(none.entries())
        .containsEntry("who", Value.of("world"))
        .containsEntry("debug", Value.TRUE)
        .containsEntry("level", Value.of(2))
        .containsEntry("env", Value.of("dev"))
        .containsEntry("bare", Value.FALSE);
    // Forgejo sends strings
    Value.Obj given =
        Inputs.ofEvent(
            declared,
            Map.of(
                "who", Value.of("alice"),
                "debug", Value.of("false"),
                "level", Value.of("7"),
                "extra", Value.of("kept")),
            null);
    assertThat(given.entries())
        .containsEntry("who", Value.of("alice"))
        .containsEntry("debug", Value.FALSE)
        .containsEntry("level", Value.of(7))
        .containsEntry("extra", Value.of("kept"));
  }

  @Test
  void commandLineValuesAreChecked() throws Exception {
    var declared = WorkflowTriggers.dispatchInputs(WorkflowParser.parse(DISPATCH).value());
    Inputs.check(declared, Map.of("debug", Value.of("true"), "level", Value.of("1.5")));
    assertThatThrownBy(() -> Inputs.check(declared, Map.of("debug", Value.of("yes"))))
        .hasMessageContaining("input 'debug' must be a boolean");
    assertThatThrownBy(() -> Inputs.check(declared, Map.of("level", Value.of("high"))))
        .hasMessageContaining("input 'level' must be a number");
    assertThatThrownBy(() -> Inputs.check(declared, Map.of("env", Value.of("qa"))))
        .hasMessageContaining("must be one of [dev, prod]");
  }

  @Test
  void referencesParseAsForgejoRunnerDoes() {
    assertThat(WorkflowRef.parse("./.forgejo/workflows/b.yml"))
        .isEqualTo(new WorkflowRef.Local("./.forgejo/workflows/b.yml", ".forgejo/workflows/b.yml"));
    assertThat(WorkflowRef.parse("o/r/.gitea/workflows/b.yaml@v1"))
        .isEqualTo(
            new WorkflowRef.Remote(
                "o/r/.gitea/workflows/b.yaml@v1",
                Optional.empty(),
                "o/r",
                ".gitea/workflows/b.yaml",
                "v1"));
    assertThat(WorkflowRef.parse("https://git.example/o/r/.github/workflows/b.yml@main"))
        .isEqualTo(
            new WorkflowRef.Remote(
                "https://git.example/o/r/.github/workflows/b.yml@main",
                Optional.of("https://git.example"),
                "o/r",
                ".github/workflows/b.yml",
                "main"));
    assertThatThrownBy(() -> WorkflowRef.parse("o/r/.forgejo/workflows/b.yml"))
        .hasMessageContaining("not a reusable workflow reference");
    assertThatThrownBy(() -> WorkflowRef.parse("./a/../b.yml"))
        .hasMessageContaining("not a local reusable workflow");
  }
}
