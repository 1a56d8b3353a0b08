// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Value;
import io.jrunner.model.ContainerSpec;
import io.jrunner.model.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code container:} applied to a {@link JobSpec}: its {@code env} (over the runner's) and
 * its ports, volumes and options, with {@code ${{ }}} evaluated. Stateless.
 */
public final class JobContainers {
  private JobContainers() {}

  /**
   * @return {@code spec} with the job's {@code container:} settings; {@code spec} itself when the
   *     job has none
   * @throws ExpressionException when a value does not evaluate
   */
  public static JobSpec apply(JobSpec spec, Job job, Map<String, Value> contexts)
      throws ExpressionException {
    Optional<ContainerSpec> container = job.container();
    if (container.isEmpty()) {
      return spec;
    }
    Evaluator ev = new Evaluator(EvaluationContext.of(contexts));
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    env.putAll(Services.env(container.get(), ev));
    // container: ${{ matrix.image }} and the like; an empty result keeps the label's image
    String image = io.jrunner.expr.Template.parse(container.get().image()).render(ev).strip();
    return new JobSpec(
        spec.runnerId(),
        spec.taskId(),
        image.isEmpty() ? spec.image() : image,
        env,
        spec.workdir(),
        spec.services(),
        Services.setup(container.get(), ev),
        spec.pullCredentials());
  }
}
