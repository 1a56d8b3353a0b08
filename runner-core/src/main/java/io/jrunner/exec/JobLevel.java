// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contexts of a job's own fields that are evaluated before its first step: its {@code if:},
 * {@code container:}, {@code services:} and {@code timeout-minutes} (and the {@code shell:} of its
 * steps, which see the step's {@code env}). Besides the given contexts they see an {@code env}
 * context, as in forgejo-runner (GitHub has none there): the runner-level environment ({@code
 * runner.envs} and the variables the runner adds), then the workflow's {@code env:}, then the job's
 * {@code env:}, each layer's values evaluated against the layers before it, as steps see them.
 * Stateless and thread-safe.
 */
public final class JobLevel {
  private JobLevel() {}

  /**
   * @param contexts {@code github}, {@code needs}, {@code vars}, {@code inputs}, {@code matrix}, …
   * @param runnerEnv the runner-level environment, lowest layer
   * @return {@code contexts} with {@code env} added
   * @throws ExpressionException when a workflow or job {@code env:} value does not evaluate
   */
  public static Map<String, Value> contexts(
      Workflow workflow, Job job, Map<String, Value> contexts, Map<String, String> runnerEnv)
      throws ExpressionException {
    Map<String, Value> out = new LinkedHashMap<>(contexts);
    out.put("env", strings(env(workflow, job, contexts, runnerEnv)));
    return out;
  }

  /**
   * The {@code env} context of {@link #contexts}.
   *
   * @throws ExpressionException when a workflow or job {@code env:} value does not evaluate
   */
  public static Map<String, String> env(
      Workflow workflow, Job job, Map<String, Value> contexts, Map<String, String> runnerEnv)
      throws ExpressionException {
    Map<String, String> env = new LinkedHashMap<>(runnerEnv);
    layer(workflow.env(), contexts, env);
    layer(job.env(), contexts, env);
    return env;
  }

  private static void layer(
      Map<String, String> values, Map<String, Value> contexts, Map<String, String> env)
      throws ExpressionException {
    Map<String, Value> withEnv = new LinkedHashMap<>(contexts);
    withEnv.put("env", strings(env));
    Evaluator ev = new Evaluator(EvaluationContext.of(withEnv));
    Map<String, String> rendered = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      rendered.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
    env.putAll(rendered);
  }

  private static Value.Obj strings(Map<String, String> map) {
    Map<String, Value> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Value.of(v)));
    return new Value.Obj(out);
  }
}
