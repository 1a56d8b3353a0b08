// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;
  private final InProcessCli cli = new InProcessCli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void validate_reportsErrorsWithPositionsAndWarnings() throws Exception {
    Files.writeString(
        dir.resolve("a.yml"),
        "on: push\njobs:\n  t:\n    runs-on: x\n    colour: red\n    steps:\n      - run: 'true'\n");
    Files.writeString(
        dir.resolve("b.yaml"),
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ${{ 1 == }}\n");
    Files.writeString(dir.resolve("notes.txt"), "not a workflow");

    int code = run("validate", dir.toString());

    assertThat(code).isEqualTo(ExitCode.FAILURE.code());
    assertThat(out.toString())
        .contains("a.yml:5:5: warning:")
        .contains("a.yml: ok")
        .contains("b.yaml:6:")
        .contains(": error: jobs.t.steps[0].run: invalid expression")
        .doesNotContain("notes.txt");
    assertThat(err.toString()).contains("1 of 2 file(s) are not valid");
  }

  @Test
  void validate_recursiveAlias_isAnErrorWithItsPosition_notACrash() throws Exception {
    Files.writeString(
        dir.resolve("rec.yml"),
        "on: &a {push: {x: *a}}\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo\n");

    int code = run("validate", dir.resolve("rec.yml").toString());

    assertThat(code).as(out + "" + err).isEqualTo(ExitCode.FAILURE.code());
    assertThat(out.toString())
        .contains(
            "rec.yml:1:19: error: invalid YAML: the alias *a refers to a node that contains it"
                + " (recursive aliases are not allowed)");
  }

  @Test
  void validate_bundledExampleIsValid() {
    assertThat(run("validate", Path.of("..", "examples", "hello.yml").toString()))
        .as(out + "" + err)
        .isZero();
  }
}
