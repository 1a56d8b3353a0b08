// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.ContainerSpec;
import io.jrunner.model.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code credentials:} of a job's {@code container:} and {@code services:}, evaluated against
 * the contexts known before the job starts (usually {@code ${{ secrets.X }}}), by the image they
 * pull. Credentials whose user name or password evaluates to an empty string are left out, as
 * forgejo-runner does: the pull then falls back to the runner user's Docker config. Stateless.
 */
public final class PullCredentials {
  private PullCredentials() {}

  /**
   * @param jobImage the job container's image as it will be pulled (the key of the {@code
   *     container:} credentials)
   * @return image reference to credentials; when the job container and a service name the same
   *     image, the job container's credentials win
   * @throws ExpressionException when a service image or a credential does not evaluate
   */
  public static Map<String, RegistryCredentials> of(
      Job job, String jobImage, Map<String, Value> contexts) throws ExpressionException {
    Evaluator ev = new Evaluator(EvaluationContext.of(contexts));
    Map<String, RegistryCredentials> out = new LinkedHashMap<>();
    if (job.container().isPresent()) {
      evaluate(job.container().get(), ev).ifPresent(c -> out.put(jobImage, c));
    }
    for (Map.Entry<String, ContainerSpec> e : job.services().entrySet()) {
      Optional<RegistryCredentials> c = evaluate(e.getValue(), ev);
      if (c.isPresent()) {
        out.putIfAbsent(Template.parse(e.getValue().image()).render(ev), c.get());
      }
    }
    return out;
  }

  private static Optional<RegistryCredentials> evaluate(ContainerSpec spec, Evaluator ev)
      throws ExpressionException {
    if (spec.credentials().isEmpty()) {
      return Optional.empty();
    }
    String username = Template.parse(spec.credentials().get().username()).render(ev);
    String password = Template.parse(spec.credentials().get().password()).render(ev);
    if (username.isBlank() || password.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new RegistryCredentials(username, password));
  }
}
