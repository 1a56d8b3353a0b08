// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

/**
 * A realistic workflow of a given length: jobs with containers, a matrix, env, and steps that mix
 * {@code run} and {@code uses} with {@code ${{ }}} expressions (each is syntax-checked).
 */
public final class GeneratedWorkflow {
  private GeneratedWorkflow() {}

  /** At least {@code lines} lines of YAML. */
  public static String lines(int lines) {
    StringBuilder y = new StringBuilder();
    y.append("name: generated\non:\n  push:\n    branches: [main]\nenv:\n  GLOBAL: 1\njobs:\n");
    int job = 0;
    while (y.chars().filter(c -> c == '\n').count() < lines) {
      y.append("  job-").append(job).append(":\n");
      y.append("    runs-on: ${{ matrix.os }}\n");
      y.append("    container:\n      image: node:20\n      env:\n        CI: true\n");
      y.append("    strategy:\n      matrix:\n        os: [docker, ubuntu-latest]\n");
      y.append("        node: [18, 20]\n");
      y.append("    env:\n      JOB: ").append(job).append('\n');
      y.append("    steps:\n");
      y.append("      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n");
      for (int s = 0; s < 10; s++) {
        y.append("      - name: step ").append(s).append('\n');
        y.append("        if: github.ref == 'refs/heads/main' && success()\n");
        y.append("        env:\n          STEP: ${{ matrix.node }}-").append(s).append('\n');
        y.append("        run: |\n          echo \"${{ github.sha }} ").append(s).append("\"\n");
        y.append("          make test-").append(s).append('\n');
      }
      job++;
    }
    return y.toString();
  }
}
