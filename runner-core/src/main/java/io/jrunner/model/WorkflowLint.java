// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Every error of a workflow file, for {@code jrunner validate}: what the parser refuses (each job
 * parsed on its own, so one bad job does not hide the others), then what GitHub refuses of a parsed
 * workflow: job ids outside {@code ^[A-Za-z_][A-Za-z0-9_-]*$}, {@code needs} naming a missing job
 * or forming a cycle, unknown events in {@code on:}, and {@code uses:} that is none of {@code
 * owner/repo[/path]@ref}, {@code ./path}, {@code docker://image} or a URL with {@code @ref}.
 * Stateless and thread-safe.
 */
public final class WorkflowLint {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /** The events GitHub documents for {@code on:} (Forgejo reads the same names). */
  static final Set<String> EVENTS =
      Set.of(
          "branch_protection_rule",
          "check_run",
          "check_suite",
          "create",
          "delete",
          "deployment",
          "deployment_status",
          "discussion",
          "discussion_comment",
          "fork",
          "gollum",
          "issue_comment",
          "issues",
          "label",
          "merge_group",
          "milestone",
          "page_build",
          "project",
          "project_card",
          "project_column",
          "public",
          "pull_request",
          "pull_request_comment",
          "pull_request_review",
          "pull_request_review_comment",
          "pull_request_target",
          "push",
          "registry_package",
          "release",
          "repository_dispatch",
          "schedule",
          "status",
          "watch",
          "workflow_call",
          "workflow_dispatch",
          "workflow_run");

  private static final Pattern REMOTE =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\\s]+)?@[^@\\s]+");
  private static final Pattern URL = Pattern.compile("https?://[^\\s@]+/[^\\s@]+@[^@\\s]+");

  private WorkflowLint() {}

  /**
   * The errors of {@code yaml}, by position; empty when the workflow is valid.
   *
   * @param yaml the file's text
   */
  public static List<WorkflowException> check(String yaml) {
    List<WorkflowException> out = new ArrayList<>();
    Node root;
    try {
      root = YamlLoader.load(yaml, "the workflow");
    } catch (WorkflowException e) {
      return List.of(e);
    }
    ParseContext ctx = new ParseContext();
    Fields top;
    try {
      top = Fields.of(root, "", ctx);
    } catch (WorkflowException e) {
      return List.of(e);
    }
    Node jobsNode = top.get("jobs");
    if (jobsNode != null) {
      try {
        Fields jobs = Fields.of(jobsNode, "jobs", ctx);
        for (String id : jobs.keys()) {
          Node jobNode = jobs.get(id);
          if (!JOB_ID.matcher(id).matches()) {
            out.add(
                new WorkflowException(
                    SourcePos.of(jobNode),
                    "jobs."
                        + id
                        + ": a job id must start with a letter or _ and contain only letters,"
                        + " digits, - and _"));
          }
          if (jobNode != null) {
            try {
              JobParser.parse(id, jobNode, ctx);
            } catch (WorkflowException e) {
              out.add(e);
            }
          }
        }
      } catch (WorkflowException e) {
        out.add(e);
      }
    }
    Workflow workflow = null;
    try {
      workflow = WorkflowParser.parse(yaml).value();
    } catch (WorkflowException e) {
      if (out.stream().noneMatch(o -> o.getMessage().equals(e.getMessage()))) {
        out.add(e);
      }
    }
    Node on = top.get("on");
    if (on == null) {
      out.add(new WorkflowException(top.pos(), "the workflow has no 'on' (the events it runs on)"));
    } else if (workflow != null) {
      for (String event : TriggerFilter.events(workflow.on()).keySet()) {
        if (!EVENTS.contains(event)) {
          out.add(new WorkflowException(SourcePos.of(on), "on: unknown event '" + event + "'"));
        }
      }
    }
    if (workflow != null) {
      out.addAll(JobGraph.problems(workflow));
      for (Job job : workflow.jobs().values()) {
        job.uses().ifPresent(u -> checkWorkflowCall(job, u, out));
        for (Step step : job.steps()) {
          if (step instanceof Step.UsesStep u) {
            checkUses(job, u, out);
          }
        }
      }
    }
    out.sort(
        Comparator.comparingInt((WorkflowException e) -> e.pos().line())
            .thenComparingInt(e -> e.pos().column()));
    return out;
  }

  private static void checkUses(Job job, Step.UsesStep step, List<WorkflowException> out) {
    String uses = step.uses().strip();
    String where = "jobs." + job.id() + ".steps[" + step.info().index() + "].uses: '" + uses + "' ";
    String problem = null;
    if (uses.contains("${{")) {
      problem = "cannot contain an expression";
    } else if (uses.startsWith("docker://")) {
      if (uses.length() == "docker://".length()) {
        problem = "names no image";
      }
    } else if (uses.startsWith("./") || uses.startsWith("../")) {
      if (uses.contains("@")) {
        problem = "is a local action: it takes no @ref";
      }
    } else if (!uses.contains("@")) {
      problem = "has no @ref (e.g. " + uses + "@v1)";
    } else if (!REMOTE.matcher(uses).matches() && !URL.matcher(uses).matches()
        || uses.contains("/../")
        || uses.contains("//@")) {
      problem =
          "must be owner/repo[/path]@ref, ./path, docker://image or https://host/owner/repo@ref";
    }
    if (problem != null) {
      out.add(new WorkflowException(step.info().pos(), where + problem));
    }
  }

  private static void checkWorkflowCall(Job job, String uses, List<WorkflowException> out) {
    String u = uses.strip();
    boolean local =
        u.startsWith("./") && (u.endsWith(".yml") || u.endsWith(".yaml")) && !u.contains("@");
    boolean remote =
        REMOTE.matcher(u).matches() && u.substring(0, u.indexOf('@')).matches(".*\\.ya?ml");
    boolean url =
        URL.matcher(u).matches() && u.substring(0, u.lastIndexOf('@')).matches(".*\\.ya?ml");
    if (!local && !remote && !url) {
      out.add(
          new WorkflowException(
              job.pos(),
              "jobs."
                  + job.id()
                  + ".uses: '"
                  + u
                  + "' must be ./path/to/workflow.yml or owner/repo/path/to/workflow.yml@ref"));
    }
  }
}
