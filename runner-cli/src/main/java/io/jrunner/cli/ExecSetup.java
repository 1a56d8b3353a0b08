// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.ConfigException;
import io.jrunner.config.ConfigLoader;
import io.jrunner.config.RunnerConfig;
import io.jrunner.docker.DockerSettings;
import io.jrunner.expr.Value;
import io.jrunner.model.TriggerFacts;
import io.jrunner.model.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code jrunner exec} derives before it runs anything: the event as the {@code on:} filters
 * see it ({@link TriggerFacts} from git), the payload ({@code --eventpath}, else one built from git
 * as Forgejo would send it), and the Docker settings of {@code -c config.yaml}. Immutable.
 *
 * @param facts the event for {@link io.jrunner.model.TriggerFilter}
 * @param payload {@code github.event}
 * @param docker the config's container settings, or the defaults
 */
record ExecSetup(TriggerFacts facts, Value.Obj payload, DockerSettings docker) {

  /**
   * @param given the {@code --eventpath} payload, or null to build one
   * @throws UserError when the config file is not valid
   */
  static ExecSetup of(
      ExecFlags flags, Path dir, String event, Value.Obj given, Map<String, String> env)
      throws UserError, ConfigException {
    return of(flags, dir, event, given, env, config(flags, env));
  }

  /**
   * The {@code -c config.yaml} of {@code flags}, loaded; empty without one.
   *
   * @throws ConfigException when the file cannot be read or is not valid
   */
  static Optional<RunnerConfig> config(ExecFlags flags, Map<String, String> env)
      throws ConfigException {
    return flags.config == null
        ? Optional.empty()
        : Optional.of(ConfigLoader.load(Optional.of(flags.config), env).config());
  }

  /** {@code container.docker_host} of {@code config} ({@code -} without one). */
  static String dockerHost(Optional<RunnerConfig> config) {
    return config.map(c -> c.container().dockerHost()).orElse("-");
  }

  /**
   * As {@link #of(ExecFlags, Path, String, Value.Obj, Map)}, with the config loaded already ({@link
   * #config}).
   */
  static ExecSetup of(
      ExecFlags flags,
      Path dir,
      String event,
      Value.Obj given,
      Map<String, String> env,
      Optional<RunnerConfig> loaded)
      throws UserError {
    Optional<GitFacts> git = GitFacts.read(dir);
    String repository =
        ((Value.Obj)
                        new LocalContexts(
                                dir,
                                event,
                                Map.of(),
                                Map.of(),
                                new Value.Obj(Map.of()),
                                LocalGit.of(dir))
                            .base("", "")
                            .get("github"))
                    .entries()
                    .get("repository")
                instanceof Value.Str s
            ? s.value()
            : "local/workspace";
    String actor = flags.actor != null ? flags.actor : "jrunner";
    String defaultBranch = git.map(GitFacts::defaultBranch).orElse("main");
    boolean pr = event.equals("pull_request") || event.equals("pull_request_target");
    Value.Obj payload;
    if (given != null) {
      payload = flags.actor != null ? withSender(given, actor) : given;
    } else if (git.isPresent() && event.equals("push")) {
      payload = EventPayloads.push(git.get(), repository, actor);
    } else if (git.isPresent() && pr) {
      payload =
          EventPayloads.pullRequest(
              git.get(), repository, actor, flags.base != null ? flags.base : defaultBranch);
    } else {
      payload = withSender(new Value.Obj(Map.of()), actor);
    }
    List<String> refs = new ArrayList<>();
    if (given != null
        && given.entries().get("ref") instanceof Value.Str ref
        && ref.value().startsWith("refs/")) {
      refs.add(ref.value()); // a given push payload names its ref, as the server's does
    } else if (git.isPresent()) {
      if (git.get().ref().startsWith("refs/")) {
        refs.add(git.get().ref());
      }
      refs.addAll(git.get().tags());
    } else {
      refs.add("refs/heads/main");
    }
    Optional<String> base =
        Optional.ofNullable(flags.base)
            .or(() -> EventPayloads.baseBranch(payload))
            .or(() -> Optional.of(defaultBranch));
    TriggerFacts facts =
        new TriggerFacts(
            event,
            refs,
            base,
            git.map(GitFacts::changed).orElse(List.of()),
            EventPayloads.action(payload));
    if (loaded.isEmpty()) {
      return new ExecSetup(facts, payload, DockerSettings.defaults());
    }
    RunnerConfig config = loaded.get();
    try {
      return new ExecSetup(facts, payload, DockerSettings.of(config.container(), env));
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG, flags.config + ": " + e.getMessage());
    }
  }

  /**
   * {@code workflow} with {@code env} under its own {@code env:} (the workflow's values win, as in
   * act), so the values reach the {@code env} context and every step.
   */
  static Workflow withEnv(Workflow workflow, Map<String, String> env) {
    if (env.isEmpty()) {
      return workflow;
    }
    Map<String, String> merged = new LinkedHashMap<>(env);
    merged.putAll(workflow.env());
    return new Workflow(
        workflow.name(),
        workflow.on(),
        merged,
        workflow.defaults(),
        workflow.permissions(),
        workflow.concurrency(),
        workflow.jobs());
  }

  private static Value.Obj withSender(Value.Obj payload, String actor) {
    Map<String, Value> out = new LinkedHashMap<>(payload.entries());
    out.put("sender", new Value.Obj(Map.of("login", Value.of(actor), "username", Value.of(actor))));
    return new Value.Obj(out);
  }
}
