// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobListener;
import io.jrunner.expr.Coercion;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code jrunner exec} adds around each job {@link LocalRun} runs: the {@code --matrix}
 * filter, the offline {@code actions/checkout} ({@link CheckoutShortcut}), the console with
 * durations and colours, and the closing {@link RunSummary}. Immutable apart from the summary.
 *
 * @param matrix {@code --matrix} key → the values kept (a combination without the key is kept)
 * @param checkoutFrom the working copy for own-repository checkouts; empty to run the action
 * @param workspace the staged copy of the working directory ({@link WorkspaceCopy}), if any
 * @param colour colour results (a terminal)
 * @param summary collects each job's row
 */
record ExecHooks(
    Map<String, List<String>> matrix,
    Optional<Path> checkoutFrom,
    Optional<Path> workspace,
    boolean colour,
    RunSummary summary) {

  /** Nothing added: every combination, the real checkout, no colour, the whole directory. */
  static ExecHooks none() {
    return new ExecHooks(Map.of(), Optional.empty(), Optional.empty(), false, new RunSummary());
  }

  /** What is copied into each job's workspace: the staged copy, else {@code directory}. */
  Path workspaceSource(Path directory) {
    return workspace.orElse(directory);
  }

  /** Why a job's {@code if:} (or the implicit {@code success()}) skipped it. */
  static String skipReason(Job job, io.jrunner.expr.JobStatus.State needs) {
    if (job.ifCondition().isPresent()) {
      return "if: " + job.ifCondition().get().strip();
    }
    return needs == io.jrunner.expr.JobStatus.State.FAILURE
        ? "a job it needs failed"
        : "a job it needs was skipped";
  }

  /** The combinations {@code --matrix} keeps; says so when it keeps none. */
  List<Map<String, Value>> combinations(Job job, List<Map<String, Value>> all, PrintWriter out) {
    if (matrix.isEmpty() || all.size() == 1 && all.getFirst().isEmpty()) {
      return all;
    }
    List<Map<String, Value>> kept =
        all.stream()
            .filter(
                c ->
                    matrix.entrySet().stream()
                        .allMatch(
                            e ->
                                !c.containsKey(e.getKey())
                                    || e.getValue().contains(Coercion.toStr(c.get(e.getKey())))))
            .toList();
    if (kept.isEmpty()) {
      out.println("[" + job.id() + "] ⏭ skipped: no matrix combination passes --matrix " + matrix);
      summary.add(new RunSummary.Row(job.id(), Conclusion.SKIPPED, Optional.empty(), "--matrix"));
    } else if (kept.size() < all.size()) {
      out.println(
          "["
              + job.id()
              + "] --matrix "
              + matrix
              + ": "
              + kept.size()
              + " of "
              + all.size()
              + " combination(s)");
    }
    return kept;
  }

  /** The job as exec runs it (own-repository checkouts from the working copy). */
  Job prepare(Job job, Map<String, Value> contexts) {
    return checkoutFrom.map(dir -> CheckoutShortcut.apply(job, contexts, dir)).orElse(job);
  }

  /** The console of one job (matrix combination). */
  JobListener console(PrintWriter out, String name, Collection<String> secrets) {
    return new ConsoleListener(out, name, secrets, colour, summary);
  }

  /** Records a job that did not run. */
  void notRun(String name, Conclusion result, String why) {
    summary.add(new RunSummary.Row(name, result, Optional.empty(), why));
  }
}
