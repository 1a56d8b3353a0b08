// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.ContainerSpec;
import io.jrunner.model.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's {@code services:} as service containers: image and environment with their {@code ${{ }}}
 * expressions evaluated against the contexts known before the job starts.
 */
public final class Services {
  private Services() {}

  /**
   * @throws ExpressionException when an image or environment value does not evaluate
   */
  public static List<JobSpec.ServiceSpec> of(Job job, Map<String, Value> contexts)
      throws ExpressionException {
    Evaluator ev = new Evaluator(EvaluationContext.of(contexts));
    List<JobSpec.ServiceSpec> out = new ArrayList<>();
    for (Map.Entry<String, ContainerSpec> e : job.services().entrySet()) {
      ContainerSpec spec = e.getValue();
      Map<String, String> env = new LinkedHashMap<>();
      for (Map.Entry<String, String> v : spec.env().entrySet()) {
        env.put(v.getKey(), Template.parse(v.getValue()).render(ev));
      }
      out.add(
          new JobSpec.ServiceSpec(
              e.getKey(), Template.parse(spec.image()).render(ev), env, List.of()));
    }
    return out;
  }
}
