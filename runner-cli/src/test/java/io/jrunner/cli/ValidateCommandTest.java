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

  @Test
  void validate_reportsEveryErrorOfAFile_graphIdsEventsAndUses() throws Exception {
    Files.writeString(
        dir.resolve("many.yml"),
        """
        on: [push, pushh]
        jobs:
          a:
            runs-on: x
            needs: [b]
            steps:
              - uses: actions/checkout
              - uses: checkout@v4
              - uses: ./local@v1
          b:
            runs-on: x
            needs: a
            steps:
              - run: ${{ 1 == }}
          c:
            runs-on: x
            needs: missing
            steps:
              - run: 'true'
          1bad:
            runs-on: x
            steps:
              - run: 'true'
          d:
            runs-on: x
            steps:
              - run: ${{ ) }}
        """);

    int code = run("validate", dir.toString());

    assertThat(code).isEqualTo(ExitCode.FAILURE.code());
    String text = out.toString();
    assertThat(text)
        .contains("many.yml:14:")
        .contains("jobs.b.steps[0].run: invalid expression")
        .contains("jobs.d.steps[0].run: invalid expression")
        .contains("jobs.1bad: a job id must start with a letter or _")
        .doesNotContain("many.yml: ok");
    // With the expressions fixed, what GitHub refuses of the parsed workflow shows, all of it.
    Files.writeString(
        dir.resolve("many.yml"),
        Files.readString(dir.resolve("many.yml"))
            .replace("${{ 1 == }}", "'true'")
            .replace("${{ ) }}", "'true'"));
    out.getBuffer().setLength(0);
    assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.FAILURE.code());
    assertThat(out.toString())
        .contains("many.yml:1:5: error: on: unknown event 'pushh'")
        .contains("jobs.a.steps[0].uses: 'actions/checkout' has no @ref")
        .contains("jobs.a.steps[1].uses: 'checkout@v4' must be owner/repo[/path]@ref")
        .contains("jobs.a.steps[2].uses: './local@v1' is a local action: it takes no @ref")
        .contains("jobs.c.needs: no job 'missing'")
        .contains("jobs.1bad: a job id must start")
        .doesNotContain("line 1, column 1");
    Files.writeString(
        dir.resolve("many.yml"),
        "on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps: [{run: 'true'}]\n"
            + "  b:\n    runs-on: x\n    needs: a\n    steps: [{run: 'true'}]\n");
    out.getBuffer().setLength(0);
    assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.FAILURE.code());
    assertThat(out.toString())
        .containsPattern("many.yml:\\d+:\\d+: error: jobs.a.needs: a cycle \\(a → b → a\\)");
  }
}
