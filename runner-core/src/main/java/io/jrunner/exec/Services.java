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
 * A job's {@code services:} as service containers (a service whose image evaluates to an empty
 * string is left out, as on GitHub): image, environment, ports, volumes and options with their
 * {@code ${{ }}} expressions evaluated against the contexts known before the job starts.
 */
public final class Services {
  private Services() {}

  /**
   * @throws ExpressionException when a value does not evaluate
   */
  public static List<JobSpec.ServiceSpec> of(Job job, Map<String, Value> contexts)
      throws ExpressionException {
    Evaluator ev = new Evaluator(EvaluationContext.of(contexts));
    List<JobSpec.ServiceSpec> out = new ArrayList<>();
    for (Map.Entry<String, ContainerSpec> e : job.services().entrySet()) {
      ContainerSpec spec = e.getValue();
      String image = Template.parse(spec.image()).render(ev).strip();
      if (image.isEmpty()) {
        continue; // GitHub skips a service whose image evaluates to '' (an optional service)
      }
      out.add(
          new JobSpec.ServiceSpec(e.getKey(), image, env(spec, ev), List.of(), setup(spec, ev)));
    }
    return out;
  }

  /** The container's {@code env:}, evaluated. */
  static Map<String, String> env(ContainerSpec spec, Evaluator ev) throws ExpressionException {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> v : spec.env().entrySet()) {
      env.put(v.getKey(), Template.parse(v.getValue()).render(ev));
    }
    return env;
  }

  /** The container's {@code ports:}, {@code volumes:} and {@code options:}, evaluated. */
  static ContainerSetup setup(ContainerSpec spec, Evaluator ev) throws ExpressionException {
    List<String> ports = new ArrayList<>();
    for (String p : spec.ports()) {
      ports.add(Template.parse(p).render(ev));
    }
    List<String> volumes = new ArrayList<>();
    for (String v : spec.volumes()) {
      volumes.add(Template.parse(v).render(ev));
    }
    String options =
        spec.options().isPresent() ? Template.parse(spec.options().get()).render(ev) : "";
    return new ContainerSetup(ports, volumes, options);
  }
}
