// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.ActionMetadata;
import io.jrunner.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs one {@code uses:} step: a node action ({@code main}, registering its {@code post}), or a
 * composite action (its steps in their own scope, its outputs evaluated at the end). Owned by the
 * job's thread.
 */
final class ActionStep {
  private final JobSession session;
  private final StepScope scope;
  private final int logIndex;

  ActionStep(JobSession session, StepScope scope, int logIndex) {
    this.session = session;
    this.scope = scope;
    this.logIndex = logIndex;
  }

  StepResult run(
      Step.UsesStep step,
      String displayName,
      Evaluator ev,
      Map<String, String> environment,
      Cancellation stop)
      throws ExpressionException, BackendException, InterruptedException {
    ActionRef ref = ActionRef.parse(step.uses(), session.request.actions().defaultUrl());
    if (ref instanceof ActionRef.DockerImage image) {
      return dockerImage(step, image, ev, environment, stop);
    }
    Actions.Loaded action = session.actions.load(ref, OptionalInt.of(logIndex));
    Map<String, String> inputs = inputs(step, action.metadata(), ev);
    return switch (action.metadata().runs()) {
      case ActionMetadata.NodeRuns node ->
          node(step, displayName, action, node, inputs, environment, stop);
      case ActionMetadata.CompositeRuns composite ->
          composite(step, action, composite, inputs, environment, stop);
      case ActionMetadata.DockerRuns docker ->
          dockerAction(step, displayName, action, docker, inputs, environment, stop);
    };
  }

  /** The step's {@code with}, then each input's default; expressions evaluated. */
  Map<String, String> inputs(Step.UsesStep step, ActionMetadata metadata, Evaluator ev)
      throws ExpressionException {
    Map<String, String> with = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : step.with().entrySet()) {
      with.put(e.getKey().toLowerCase(Locale.ROOT), Template.parse(e.getValue()).render(ev));
    }
    Map<String, String> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (ActionMetadata.Input input : metadata.inputs().values()) {
      String key = input.id().toLowerCase(Locale.ROOT);
      String value = with.remove(key);
      if (value == null && input.defaultValue().isPresent()) {
        value = Template.parse(input.defaultValue().get()).render(ev);
      }
      if (value == null) {
        if (input.required()) {
          missing.add(input.id());
        }
        value = "";
      }
      out.put(input.id(), value);
    }
    if (!missing.isEmpty()) {
      line("Warning: input(s) required and not supplied: " + String.join(", ", missing));
    }
    if (!with.isEmpty()) {
      line(
          "Warning: unexpected input(s) "
              + with.keySet()
              + ", valid inputs are "
              + metadata.inputs().keySet());
      out.putAll(with);
    }
    return out;
  }

  Map<String, String> actionEnv(
      Step.UsesStep step, Actions.Loaded action, Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    String id = step.info().id().orElse("__" + step.uses().replaceAll("[^A-Za-z0-9_]", "_"));
    for (String prefix : List.of("GITHUB_", "FORGEJO_")) {
      env.put(prefix + "ACTION", id);
      env.put(prefix + "ACTION_PATH", action.dir());
      env.put(prefix + "ACTION_REPOSITORY", action.repository());
      env.put(prefix + "ACTION_REF", action.ref());
    }
    return env;
  }

  /** {@link #actionEnv} plus an {@code INPUT_*} variable per input. */
  Map<String, String> actionEnv(
      Step.UsesStep step,
      Actions.Loaded action,
      Map<String, String> environment,
      Map<String, String> inputs) {
    Map<String, String> env = actionEnv(step, action, environment);
    inputs.forEach((k, v) -> env.put(Actions.inputVariable(k), v));
    return env;
  }

  private StepResult node(
      Step.UsesStep step,
      String displayName,
      Actions.Loaded action,
      ActionMetadata.NodeRuns node,
      Map<String, String> inputs,
      Map<String, String> environment,
      Cancellation stop)
      throws BackendException, InterruptedException {
    if (!session.hasNode()) {
      line(
          "Error: "
              + step.uses()
              + " is a "
              + node.using()
              + " action, but the job's image has no `node` on its PATH. Run the job in an image"
              + " with Node.js (e.g. a label mapped to node:20-bookworm, or `container:`), or"
              + " install Node.js in an earlier step.");
      return StepResult.of(Conclusion.FAILURE);
    }
    Map<String, String> env = actionEnv(step, action, environment, inputs);
    session
        .preState
        .getOrDefault(step.info().index(), Map.of())
        .forEach((k, v) -> env.put("STATE_" + k, v));
    ActionProcess.Result main =
        ActionProcess.run(
            session,
            ActionProcess.command(session, List.of("node", action.dir() + "/" + node.main())),
            env,
            stop,
            OptionalInt.of(logIndex));
    if (node.post().isPresent()) {
      Map<String, String> state =
          new LinkedHashMap<>(session.preState.getOrDefault(step.info().index(), Map.of()));
      state.putAll(main.state());
      session.posts.push(
          new PostStep(
              displayName,
              ActionProcess.command(
                  session, List.of("node", action.dir() + "/" + node.post().get())),
              env,
              state,
              node.postIf()));
    }
    return main.toStep();
  }

  /** {@code uses: docker://image}: {@code with.args} and {@code with.entrypoint} drive it. */
  private StepResult dockerImage(
      Step.UsesStep step,
      ActionRef.DockerImage image,
      Evaluator ev,
      Map<String, String> environment,
      Cancellation stop)
      throws ExpressionException, BackendException, InterruptedException {
    Map<String, String> with = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : step.with().entrySet()) {
      with.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
    List<String> args = ShellWords.split(with.getOrDefault("args", ""));
    Optional<String> entrypoint =
        Optional.ofNullable(with.get("entrypoint")).filter(v -> !v.isBlank());
    Map<String, String> env = new LinkedHashMap<>(environment);
    with.forEach(
        (k, v) -> {
          if (!k.equals("args") && !k.equals("entrypoint")) {
            env.put(Actions.inputVariable(k), v);
          }
        });
    ActionProcess.Result result =
        ActionProcess.run(
            session,
            ActionProcess.container(
                session,
                new ContainerRun(
                    image.image(), entrypoint, args, Map.of(), session.env.workspace())),
            env,
            stop,
            OptionalInt.of(logIndex));
    return result.toStep();
  }

  /**
   * A Docker action: its image ({@code docker://} or built from its Dockerfile), {@code args} and
   * {@code env} evaluated with the {@code inputs} context, {@code pre-entrypoint} before and {@code
   * post-entrypoint} registered as a post step.
   */
  private StepResult dockerAction(
      Step.UsesStep step,
      String displayName,
      Actions.Loaded action,
      ActionMetadata.DockerRuns docker,
      Map<String, String> inputs,
      Map<String, String> environment,
      Cancellation stop)
      throws ExpressionException, BackendException, InterruptedException {
    String image;
    if (docker.image().startsWith("docker://")) {
      image = docker.image().substring("docker://".length());
    } else {
      line("Building the action's image from " + docker.image());
      image = session.env.buildImage(action.dir(), docker.image(), (err, text) -> line(text));
    }
    Map<String, Value> inputValues = new LinkedHashMap<>();
    inputs.forEach((k, v) -> inputValues.put(k, Value.of(v)));
    Evaluator ev =
        session.evaluator(
            scope.state(),
            scope.steps(),
            Map.of("inputs", new Value.Obj(inputValues)),
            environment);
    List<String> args = new ArrayList<>();
    for (String arg : docker.args()) {
      args.add(Template.parse(arg).render(ev));
    }
    Map<String, String> env = actionEnv(step, action, environment, inputs);
    for (Map.Entry<String, String> e : docker.env().entrySet()) {
      env.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
    ContainerRun run =
        new ContainerRun(image, docker.entrypoint(), args, Map.of(), session.env.workspace());
    if (docker.preEntrypoint().isPresent()
        && io.jrunner.expr.Condition.parse(docker.preIf().orElse("always()")).test(ev)) {
      ActionProcess.Result pre =
          ActionProcess.run(
              session,
              ActionProcess.container(session, run.withEntrypoint(docker.preEntrypoint())),
              env,
              stop,
              OptionalInt.of(logIndex));
      if (!pre.ok()) {
        line("The pre-entrypoint of " + step.uses() + " failed.");
        return StepResult.of(Conclusion.FAILURE);
      }
    }
    ActionProcess.Result main =
        ActionProcess.run(
            session, ActionProcess.container(session, run), env, stop, OptionalInt.of(logIndex));
    if (docker.postEntrypoint().isPresent()) {
      session.posts.push(
          new PostStep(
              displayName,
              ActionProcess.container(session, run.withEntrypoint(docker.postEntrypoint())),
              env,
              main.state(),
              docker.postIf()));
    }
    return main.toStep();
  }

  private StepResult composite(
      Step.UsesStep step,
      Actions.Loaded action,
      ActionMetadata.CompositeRuns composite,
      Map<String, String> inputs,
      Map<String, String> environment,
      Cancellation stop)
      throws ExpressionException, InterruptedException {
    Map<String, Value> inputValues = new LinkedHashMap<>();
    inputs.forEach((k, v) -> inputValues.put(k, Value.of(v)));
    Map<String, Value> overrides = new LinkedHashMap<>();
    overrides.put("inputs", new Value.Obj(inputValues));
    Map<String, Value> github = new LinkedHashMap<>();
    if (session.request.contexts().get("github") instanceof Value.Obj g) {
      github.putAll(g.entries());
    }
    github.put("action_path", Value.of(action.dir()));
    github.put("action_repository", Value.of(action.repository()));
    github.put("action_ref", Value.of(action.ref()));
    overrides.put("github", new Value.Obj(github));
    StepScope inner =
        new StepScope(
            new JobState(stop),
            new StepContext(),
            overrides,
            Optional.of(actionEnv(step, action, environment)),
            OptionalInt.of(logIndex));
    for (Step s : composite.steps()) {
      new StepExecution(session, inner).run(s);
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    Evaluator ev = session.evaluator(inner, environment);
    for (ActionMetadata.Output output : action.metadata().outputs().values()) {
      if (output.value().isPresent()) {
        outputs.put(output.id(), Template.parse(output.value().get()).render(ev));
      }
    }
    Conclusion result = inner.state().result();
    return new StepResult(result == Conclusion.CANCELLED ? Conclusion.FAILURE : result, outputs);
  }

  private void line(String text) {
    session.line(OptionalInt.of(logIndex), text);
  }
}
