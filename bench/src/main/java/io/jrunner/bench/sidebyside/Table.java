// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the side-by-side Markdown table: one row per {@link Metric}, a column per runner. */
final class Table {
  private Table() {}

  static void print(PrintStream out, SideBySide.Options options, Samples samples, String header) {
    List<RunnerUnderTest> runners = options.runners();
    Scenarios.Sizes z = options.sizes();
    out.print(header);
    out.println();
    StringBuilder head = new StringBuilder("| scenario |");
    StringBuilder rule = new StringBuilder("|---|");
    for (RunnerUnderTest r : runners) {
      head.append(' ').append(r.name()).append(" |");
      rule.append("---|");
    }
    if (runners.size() == 2) {
      head.append(" ratio ")
          .append(runners.get(1).name())
          .append(" / ")
          .append(runners.get(0).name())
          .append(" |");
      rule.append("---|");
    }
    head.append(" raw Docker floor |");
    rule.append("---|");
    out.println(head);
    out.println(rule);
    for (Metric m : Metric.values()) {
      if (m == Metric.DOCKER_EXEC || m == Metric.DOCKER_RUN) {
        continue;
      }
      StringBuilder row = new StringBuilder("| ").append(label(m, z)).append(" |");
      double[] v = new double[runners.size()];
      for (int i = 0; i < runners.size(); i++) {
        v[i] = samples.percentile(m, runners.get(i).name(), m.percentile) * m.scale;
        row.append(' ').append(format(v[i], m.unit)).append(" |");
      }
      if (runners.size() == 2) {
        row.append(' ')
            .append(
                Double.isNaN(v[0]) || v[0] == 0
                    ? "–"
                    : String.format(Locale.ROOT, "%.2f×", v[1] / v[0]))
            .append(" |");
      }
      Metric floor = m.floor();
      row.append(' ')
          .append(
              floor == null
                  ? "–"
                  : format(samples.median(floor, Samples.FLOOR), floor.unit)
                      + " ("
                      + floor.label.replace(" (Engine API)", "")
                      + ")")
          .append(" |");
      out.println(row);
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Raw Docker floor (Engine API, busybox, medians): docker exec %s, docker run --rm %s.%n",
        format(samples.median(Metric.DOCKER_EXEC, Samples.FLOOR), "ms"),
        format(samples.median(Metric.DOCKER_RUN, Samples.FLOOR), "ms"));
  }

  private static String label(Metric m, Scenarios.Sizes z) {
    return m.label
        .replace("N-line", String.format(Locale.ROOT, "%,d-line", z.lines()))
        .replace(
            "capacity C, C concurrent",
            "capacity " + z.capacity() + ", " + z.capacity() + " concurrent");
  }

  static String format(double v, String unit) {
    if (Double.isNaN(v)) {
      return "–";
    }
    String n =
        Math.abs(v) >= 100
            ? String.format(Locale.ROOT, "%,.0f", v)
            : Math.abs(v) >= 10
                ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    return unit.startsWith("/") || unit.equals("%")
        ? n + " " + unit.replace("/", "per ").replace("% ", "%")
        : n + " " + unit;
  }
}
