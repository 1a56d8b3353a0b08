// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import io.jrunner.model.Job;
import io.jrunner.model.Step;
import java.util.ArrayList;
import java.util.List;

/** The images of a job's {@code uses: docker://IMAGE} steps, known before anything runs. Pure. */
public final class StepImages {
  private StepImages() {}

  /** The images, in step order; steps whose reference holds an expression are left out. */
  public static List<String> of(Job job) {
    List<String> out = new ArrayList<>();
    for (Step step : job.steps()) {
      if (step instanceof Step.UsesStep uses
          && uses.uses().startsWith("docker://")
          && !uses.uses().contains("${{")) {
        out.add(uses.uses().substring("docker://".length()));
      }
    }
    return out;
  }
}
