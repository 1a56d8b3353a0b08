// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.FileHasher;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code actions/checkout} in {@code jrunner exec}, by act's rule: a step that checks out the
 * workflow's own repository (no {@code repository:} and {@code ref:}, or the same as {@code
 * github.repository} and {@code github.ref}) is not fetched nor run; the working copy, already in
 * the workspace, is used, and copied to {@code path:} when one is given. The step says so in the
 * log. Other repositories are checked out by the real action. Stateless.
 */
final class CheckoutShortcut {
  private static final Pattern CHECKOUT = Pattern.compile("(?i)actions/checkout@.+");

  private CheckoutShortcut() {}

  /**
   * {@code job} with each own-repository checkout replaced by a {@code run:} step (same id, name,
   * {@code if:} and env) that states where the files come from and copies them to {@code path:}.
   *
   * @param contexts the job's contexts ({@code github}, {@code matrix}, …) for {@code with:}
   * @param directory the working copy, named in the log line
   */
  static Job apply(Job job, Map<String, Value> contexts, Path directory) {
    if (job.steps().stream().noneMatch(CheckoutShortcut::isCheckout)) {
      return job;
    }
    Evaluator ev =
        new Evaluator(
            new EvaluationContext(
                new Value.Obj(contexts),
                JobStatus.of(JobStatus.State.SUCCESS),
                FileHasher.UNAVAILABLE));
    Value.Obj github = contexts.get("github") instanceof Value.Obj g ? g : new Value.Obj(Map.of());
    List<Step> steps = new ArrayList<>();
    for (Step step : job.steps()) {
      if (step instanceof Step.UsesStep u && isCheckout(u) && ownRepository(u, ev, github)) {
        steps.add(replacement(u, render(u.with().get("path"), ev), directory));
      } else {
        steps.add(step);
      }
    }
    return new Job(
        job.id(),
        job.name(),
        job.runsOn(),
        job.container(),
        job.services(),
        job.env(),
        job.defaults(),
        job.outputs(),
        job.ifCondition(),
        job.needs(),
        job.permissions(),
        job.concurrency(),
        job.environment(),
        job.uses(),
        job.with(),
        job.secrets(),
        job.timeoutMinutes(),
        job.continueOnError(),
        job.strategy(),
        steps,
        job.pos());
  }

  private static boolean isCheckout(Step step) {
    return step instanceof Step.UsesStep u && CHECKOUT.matcher(u.uses().strip()).matches();
  }

  private static boolean ownRepository(Step.UsesStep step, Evaluator ev, Value.Obj github) {
    String repository = render(step.with().get("repository"), ev);
    String ref = render(step.with().get("ref"), ev);
    if (repository == null || ref == null && step.with().containsKey("ref")) {
      return false;
    }
    boolean sameRepo =
        repository.isEmpty() || repository.equalsIgnoreCase(field(github, "repository"));
    boolean sameRef =
        ref.isEmpty()
            || ref.equals(field(github, "ref"))
            || ref.equals(field(github, "ref_name"))
            || ref.equals(field(github, "sha"));
    return sameRepo && sameRef;
  }

  /** The input's value, {@code ""} when absent, null when it cannot be evaluated here. */
  private static String render(String template, Evaluator ev) {
    if (template == null) {
      return "";
    }
    try {
      return Template.parse(template).render(ev).strip();
    } catch (ExpressionException | RuntimeException e) {
      return null;
    }
  }

  private static String field(Value.Obj github, String key) {
    return github.entries().get(key) instanceof Value.Str s ? s.value() : "";
  }

  private static Step.RunStep replacement(Step.UsesStep step, String path, Path directory) {
    String target = path == null ? "" : path.replaceAll("^\\./+|/+$", "");
    StringBuilder script = new StringBuilder();
    script
        .append("echo ")
        .append(
            quote(
                step.uses()
                    + ": using the working copy of "
                    + directory.toAbsolutePath().normalize()
                    + " (the workflow's own repository; nothing fetched)"))
        .append('\n');
    if (!target.isEmpty()) {
      script
          .append("p=")
          .append(quote(target))
          .append("\ntop=${p%%/*}\nmkdir -p \"$p\"\n")
          .append("for f in * .[!.]* ..?*; do\n")
          .append("  { [ -e \"$f\" ] || [ -L \"$f\" ]; } || continue\n")
          .append("  [ \"$f\" = \"$top\" ] && continue\n")
          .append("  cp -a \"$f\" \"$p/\"\n")
          .append("done\n")
          .append("echo \"copied into path: $p\"\n");
    }
    Step.Info info = step.info();
    return new Step.RunStep(
        new Step.Info(
            info.index(),
            info.id(),
            Optional.of(info.name().orElse(step.uses())),
            info.ifCondition(),
            info.env(),
            info.continueOnError(),
            info.timeoutMinutes(),
            info.pos()),
        script.toString(),
        Optional.of("sh"),
        Optional.of("."));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
