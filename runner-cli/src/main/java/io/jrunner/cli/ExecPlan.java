// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.model.Job;
import io.jrunner.model.JobGraph;
import io.jrunner.model.TriggerFacts;
import io.jrunner.model.TriggerFilter;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which workflows {@code jrunner exec} runs and why: each workflow's {@code on:} against the event
 * ({@link TriggerFilter}, the server's rules) unless {@code --all}, then {@code -j}'s job. Checks
 * the {@code needs} graph of what runs, so a bad one is reported with its file, job and position
 * before anything starts. Immutable.
 *
 * @param entries every workflow read, in file order, with the verdict
 * @param onlyJob the {@code -j} job, or null
 */
record ExecPlan(List<ExecPlan.Entry> entries, String onlyJob) {

  /**
   * One workflow file.
   *
   * @param file where it was read
   * @param workflow the parsed workflow
   * @param verdict whether it runs, and why
   * @param stages its jobs by {@code needs} stage (only {@code -j}'s job when given)
   */
  record Entry(
      Path file, Workflow workflow, TriggerFilter.Verdict verdict, List<List<String>> stages) {
    String label() {
      return file.getFileName() + workflow.name().map(n -> " (" + n + ")").orElse("");
    }
  }

  /**
   * Decides for every workflow.
   *
   * @throws UserError when {@code onlyJob} is in no workflow, or the needs of a workflow that would
   *     run are broken (file:line:column and the job)
   */
  static ExecPlan of(
      List<Path> files, List<Workflow> workflows, TriggerFacts facts, boolean all, String onlyJob)
      throws UserError {
    List<Entry> entries = new ArrayList<>();
    boolean jobFound = onlyJob == null;
    for (int i = 0; i < files.size(); i++) {
      Workflow w = workflows.get(i);
      if (onlyJob != null && !w.jobs().containsKey(onlyJob)) {
        continue;
      }
      jobFound = true;
      TriggerFilter.Verdict verdict =
          all
              ? new TriggerFilter.Verdict(true, "--all: on: is not checked")
              : TriggerFilter.decide(w.on(), facts);
      List<List<String>> stages = List.of();
      if (verdict.runs()) {
        try {
          stages = onlyJob != null ? List.of(List.of(onlyJob)) : JobGraph.stages(w);
        } catch (WorkflowException e) {
          throw new UserError(
              ExitCode.CONFIG,
              files.get(i) + ":" + e.pos().line() + ":" + e.pos().column() + ": " + e.problem());
        }
      }
      entries.add(new Entry(files.get(i), w, verdict, stages));
    }
    if (!jobFound) {
      List<String> jobs = new ArrayList<>();
      workflows.forEach(w -> jobs.addAll(w.jobs().keySet()));
      throw new UserError(
          ExitCode.USAGE,
          "no job '"
              + onlyJob
              + "' in "
              + files.size()
              + " workflow file(s) (jobs: "
              + String.join(", ", jobs)
              + ")");
    }
    return new ExecPlan(List.copyOf(entries), onlyJob);
  }

  /** The workflows that run. */
  List<Entry> running() {
    return entries.stream().filter(e -> e.verdict().runs()).toList();
  }

  /** Prints one line per workflow: what runs, what is skipped and why. */
  void printDecisions(PrintWriter out, String event, boolean all) {
    if (all) {
      out.println("--all: running every workflow whatever its on: (event " + event + ")");
    }
    for (Entry e : entries) {
      if (!e.verdict().runs()) {
        out.println(
            "skip "
                + e.label()
                + (onlyJob != null ? " with job " + onlyJob : "")
                + ": "
                + e.verdict().reason());
      } else if (!all) {
        out.println("run  " + e.label() + ": " + e.verdict().reason());
      }
    }
    if (running().isEmpty()) {
      out.println("nothing to run for event " + event + " (--all runs every workflow)");
    }
    out.flush();
  }

  /** Prints the plan: each running workflow, its stages and their jobs. */
  void printList(PrintWriter out) {
    for (Entry e : running()) {
      out.println("workflow " + e.label() + "  [" + e.file() + "]");
      for (int s = 0; s < e.stages().size(); s++) {
        out.println("  stage " + (s + 1));
        for (String id : e.stages().get(s)) {
          Job job = e.workflow().jobs().get(id);
          out.println(
              "    "
                  + id
                  + job.name().map(n -> " (" + n + ")").orElse("")
                  + (job.needs().isEmpty() ? "" : "  needs: " + String.join(", ", job.needs())));
        }
      }
    }
    out.flush();
  }
}
