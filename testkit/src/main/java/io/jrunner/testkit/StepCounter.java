// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Counts a job's {@code steps:} entries, as Forgejo creates one step row per entry. */
final class StepCounter {
  private StepCounter() {}

  /** The number of non-null steps of {@code jobs.<jobId>.steps}; 0 if the YAML has none. */
  static int count(String yaml, String jobId) {
    try {
      Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
      if (doc instanceof Map<?, ?> root
          && root.get("jobs") instanceof Map<?, ?> jobs
          && jobs.get(jobId) instanceof Map<?, ?> job
          && job.get("steps") instanceof List<?> steps) {
        return (int) steps.stream().filter(s -> s != null).count();
      }
      return 0;
    } catch (RuntimeException e) {
      return 0; // the runner must cope with a malformed payload; the server does not parse it here
    }
  }
}
