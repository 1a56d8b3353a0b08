// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

/**
 * The benchmark's workflows. Only the local images behind the labels {@code busybox}, {@code
 * debian}.
 */
final class Workflows {
  private Workflows() {}

  /** {@code n} steps of {@code run: true} on busybox ({@code sh}). */
  static String steps(int n) {
    StringBuilder yaml = header("steps", "busybox");
    for (int i = 0; i < n; i++) {
      yaml.append("      - shell: sh\n        run: 'true'\n");
    }
    return yaml.toString();
  }

  /** One step printing {@code 1..n}, one number a line, on busybox. */
  static String lines(int n) {
    return header("lines", "busybox")
        .append("      - shell: sh\n        run: seq 1 ")
        .append(n)
        .append('\n')
        .toString();
  }

  /**
   * On debian (bash): a step printing {@code 1..burst} when {@code burst > 0}, then a step printing
   * {@code ticks} lines {@code tick <epoch µs>} 0.1 to 0.8 s apart (random).
   */
  static String ticks(int burst, int ticks) {
    StringBuilder yaml = header(burst > 0 ? "cap" : "sparse", "debian");
    if (burst > 0) {
      yaml.append("      - shell: bash\n        run: seq 1 ").append(burst).append('\n');
    }
    yaml.append("      - shell: bash\n        run: |\n")
        .append("          for i in $(seq 1 ")
        .append(ticks)
        .append("); do echo \"tick ${EPOCHREALTIME/./}\"; sleep 0.$((RANDOM % 8 + 1)); done\n");
    return yaml.toString();
  }

  private static StringBuilder header(String job, String label) {
    return new StringBuilder("name: bench\non: push\njobs:\n  ")
        .append(job)
        .append(":\n    runs-on: [")
        .append(label)
        .append("]\n    steps:\n");
  }
}
