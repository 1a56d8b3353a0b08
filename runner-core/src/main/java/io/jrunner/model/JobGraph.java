// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code needs} graph of a workflow's jobs: its problems (a job needing one that does not
 * exist, a cycle), and its stages (jobs whose needs are all in earlier stages). Stateless.
 */
public final class JobGraph {
  private JobGraph() {}

  /**
   * The jobs in an order where each comes after what it needs (declaration order where free).
   *
   * @throws WorkflowException when the needs form a cycle or name a job that does not exist
   */
  public static List<Job> order(Workflow workflow) throws WorkflowException {
    List<Job> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (out.size() < workflow.jobs().size()) {
      boolean progress = false;
      for (Job job : workflow.jobs().values()) {
        if (!done.contains(job.id()) && done.containsAll(job.needs())) {
          out.add(job);
          done.add(job.id());
          progress = true;
        }
      }
      if (!progress) {
        throw new WorkflowException(
            SourcePos.START, "the jobs' needs form a cycle or name a job that does not exist");
      }
    }
    return out;
  }

  /** Every problem of the graph, each at the job it concerns; empty when the graph is usable. */
  public static List<WorkflowException> problems(Workflow workflow) {
    List<WorkflowException> out = new ArrayList<>();
    for (Job job : workflow.jobs().values()) {
      for (String need : job.needs()) {
        if (!workflow.jobs().containsKey(need)) {
          out.add(
              new WorkflowException(
                  job.pos(),
                  "jobs."
                      + job.id()
                      + ".needs: no job '"
                      + need
                      + "' (jobs: "
                      + String.join(", ", workflow.jobs().keySet())
                      + ")"));
        }
      }
    }
    if (out.isEmpty()) {
      List<List<String>> stages = stagesOrEmpty(workflow);
      Set<String> placed = new LinkedHashSet<>();
      stages.forEach(placed::addAll);
      for (Job job : workflow.jobs().values()) {
        if (!placed.contains(job.id())) {
          out.add(
              new WorkflowException(
                  job.pos(),
                  "jobs."
                      + job.id()
                      + ".needs: a cycle ("
                      + String.join(" → ", cycleFrom(workflow, job.id()))
                      + ")"));
          break;
        }
      }
    }
    return out;
  }

  /**
   * The jobs in stages: the first holds the jobs needing nothing, each next one the jobs whose
   * needs are all in earlier stages; document order within a stage.
   *
   * @throws WorkflowException the first of {@link #problems}
   */
  public static List<List<String>> stages(Workflow workflow) throws WorkflowException {
    List<WorkflowException> problems = problems(workflow);
    if (!problems.isEmpty()) {
      throw problems.getFirst();
    }
    return stagesOrEmpty(workflow);
  }

  private static List<List<String>> stagesOrEmpty(Workflow workflow) {
    List<List<String>> stages = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (done.size() < workflow.jobs().size()) {
      List<String> stage = new ArrayList<>();
      for (Job job : workflow.jobs().values()) {
        if (!done.contains(job.id()) && done.containsAll(job.needs())) {
          stage.add(job.id());
        }
      }
      if (stage.isEmpty()) {
        break;
      }
      done.addAll(stage);
      stages.add(stage);
    }
    return stages;
  }

  private static List<String> cycleFrom(Workflow workflow, String start) {
    List<String> path = new ArrayList<>();
    String at = start;
    while (!path.contains(at)) {
      path.add(at);
      Job job = workflow.jobs().get(at);
      String next = null;
      for (String need : job.needs()) {
        if (workflow.jobs().containsKey(need) && reachesCycle(workflow, need)) {
          next = need;
          break;
        }
      }
      if (next == null) {
        break;
      }
      at = next;
    }
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    cycle.add(at);
    return cycle;
  }

  private static boolean reachesCycle(Workflow workflow, String id) {
    return !stagesOrEmpty(workflow).stream().anyMatch(s -> s.contains(id));
  }
}
