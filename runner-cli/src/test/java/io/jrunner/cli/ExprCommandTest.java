// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrunner expr} in-process. */
class ExprCommandTest {
  @TempDir Path dir;
  private final InProcessCli cli = new InProcessCli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void expr_evaluatesAgainstTheContextFile() throws Exception {
    Path ctx = dir.resolve("ctx.json");
    Files.writeString(
        ctx,
        "{\"github\": {\"ref\": \"refs/heads/main\", \"event\": {\"number\": 5.0}},"
            + " \"env\": {\"NAME\": \"World\"}}");

    assertThat(run("expr", "github.ref == 'refs/heads/main'", "--context", ctx.toString()))
        .isZero();
    assertThat(
            run(
                "expr",
                "format('refs/pull/{0}/merge', github.event.number)",
                "--context",
                ctx.toString()))
        .isZero();
    assertThat(run("expr", "fromJSON('{\"a\":[1,2]}')")).isZero();

    assertThat(out.toString())
        .isEqualTo("true\n\"refs/pull/5/merge\"\n{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void expr_templatesAndConditions() {
    assertThat(run("expr", "Hello ${{ 'World' }}!")).isZero();
    assertThat(run("expr", "--if", "true", "--status", "failure")).isZero();
    assertThat(run("expr", "--if", "failure()", "--status", "failure")).isZero();

    assertThat(out.toString()).isEqualTo("\"Hello World!\"\nfalse\ntrue\n");
  }

  @Test
  void expr_hashFilesReadsTheWorkspace() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello");

    assertThat(run("expr", "hashFiles('*.txt')", "--workspace", dir.toString())).isZero();

    // sha256(sha256("hello")), computed independently.
    assertThat(out.toString().strip())
        .isEqualTo("\"9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50\"");
  }

  @Test
  void expr_badExpressionExitsNonZeroWithThePosition() {
    int code = run("expr", "github.ref ==");

    assertThat(code).isEqualTo(ExitCode.FAILURE.code());
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .startsWith("jrunner: error: invalid expression: expected a value")
        .contains("(at offset 13)")
        .contains("  github.ref ==\n               ^");
  }

  @Test
  void expr_badContextFileIsAUsageError() throws Exception {
    Path ctx = dir.resolve("ctx.json");
    Files.writeString(ctx, "[1]");

    assertThat(run("expr", "1", "--context", ctx.toString())).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("must hold a JSON object");
  }

  @Test
  void help_showsTheExpressionSyntaxLiterally() {
    assertThat(run("expr", "--help")).isZero();
    assertThat(out.toString()).contains("Evaluate a ${{ }} expression").doesNotContain("null");
  }

  @Test
  void expr_printsNonFiniteNumbers_takesALeadingMinus_andKeepsTemplateMarkersInStrings() {
    assertThat(run("expr", "fromJSON('1e999')")).isZero();
    assertThat(run("expr", "fromJSON('[-1e999, 1]')")).isZero();
    assertThat(run("expr", "-10 && true")).as(err.toString()).isZero();
    assertThat(run("expr", "'a ${{ b'")).as(err.toString()).isZero();
    assertThat(run("expr", "v${{ 1 }}")).isZero();
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "Infinity", "[", "  -Infinity,", "  1", "]", "true", "\"a ${{ b\"", "\"v1\"");
  }
}
