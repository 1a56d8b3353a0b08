// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import io.jrunner.config.PolicySection;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobSpec;
import io.jrunner.model.Job;
import io.jrunner.policy.Refusal;
import io.jrunner.policy.StepImages;
import io.jrunner.policy.TaskFacts;
import io.jrunner.policy.TaskPolicy;
import io.jrunner.proto.runner.v1.Task;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a profile's policy to tasks before anything of them runs: first the task rules (refs,
 * events, repositories; {@link TaskPolicy}), then what the job asks of the host ({@link
 * ExecutionBackend#check}). A refusal writes one {@code Error:} line to the job log, naming the
 * rule, the value seen and the key to change, and logs it at warn (with the task's secrets masked);
 * the caller then fails the task, which the runner cannot hand back. Without a profile it does
 * nothing. Thread-safe.
 */
public final class PolicyGate {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyGate.class);

  private final TaskPolicy policy;
  private final AtomicBoolean warnedNoProtected = new AtomicBoolean();

  public PolicyGate(PolicySection policy) {
    this.policy = new TaskPolicy(policy);
  }

  /** A gate that lets every task through (no profile). */
  public static PolicyGate open() {
    return new PolicyGate(PolicySection.open());
  }

  private boolean active() {
    return policy.settings().profile().isPresent();
  }

  private String profile() {
    return policy.settings().profile().orElse("");
  }

  /**
   * The task rules.
   *
   * @param jobLog receives the lines for the job log (a warning when the server sends no {@code
   *     ref_protected}, the refusal)
   * @return whether the task is refused
   */
  public boolean refusesTask(Task task, Consumer<String> jobLog) {
    if (!active()) {
      return false;
    }
    TaskFacts facts = facts(task);
    if (policy.degradedWithout(facts)) {
      String warning =
          "the server sends no ref_protected (an older Forgejo or Gitea): profile "
              + profile()
              + " checks refs against "
              + policy.settings().keyOf("refs.allowed")
              + " alone";
      if (warnedNoProtected.compareAndSet(false, true)) {
        LOG.warn("{}", warning);
      }
      jobLog.accept("Warning: " + warning);
    }
    Optional<Refusal> refusal = policy.check(facts);
    if (refusal.isEmpty()) {
      return false;
    }
    Refusal r = refusal.get();
    LOG.warn(
        "task {} refused by the policy of profile {}: rule {}, value {}; change {}",
        task.getId(),
        profile(),
        r.rule(),
        mask(task, r.seen()),
        r.key());
    jobLog.accept(
        "Error: refused by this runner's policy (profile "
            + profile()
            + "), rule "
            + r.rule()
            + ": "
            + r.why()
            + ". Nothing of the task ran. To change this, the runner's administrator edits "
            + r.key()
            + " in its config.yaml.");
    return true;
  }

  /**
   * What the job asks of the host: options, volumes, the Docker socket, privileged mode and image
   * registries, checked by {@code backend} without creating anything.
   *
   * @return whether the task is refused
   */
  public boolean refusesJob(
      Task task, ExecutionBackend backend, JobSpec spec, Job job, Consumer<String> jobLog) {
    if (!active()) {
      return false;
    }
    try {
      backend.check(spec, StepImages.of(job));
      return false;
    } catch (BackendException e) {
      LOG.warn(
          "task {} refused by the policy of profile {}: {}",
          task.getId(),
          profile(),
          mask(task, e.getMessage()));
      jobLog.accept(
          "Error: refused by this runner's policy (profile "
              + profile()
              + "): "
              + e.getMessage()
              + ". Nothing of the task ran.");
      return true;
    }
  }

  /** The facts of a task's {@code github} context. */
  static TaskFacts facts(Task task) {
    com.google.protobuf.Value p = task.getContext().getFieldsMap().get("ref_protected");
    Optional<Boolean> refProtected = Optional.empty();
    if (p != null && p.hasBoolValue()) {
      refProtected = Optional.of(p.getBoolValue());
    } else if (p != null
        && p.hasStringValue()
        && (p.getStringValue().equals("true") || p.getStringValue().equals("false"))) {
      refProtected = Optional.of(Boolean.parseBoolean(p.getStringValue()));
    }
    return new TaskFacts(
        TaskContexts.string(task, "ref"),
        refProtected,
        TaskContexts.string(task, "event_name"),
        TaskContexts.string(task, "repository"));
  }

  private static String mask(Task task, String text) {
    String out = text;
    for (String secret : task.getSecretsMap().values()) {
      if (secret.length() >= 4) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }
}
