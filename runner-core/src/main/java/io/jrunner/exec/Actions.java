// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.model.ActionMetadata;
import io.jrunner.model.ActionParser;
import io.jrunner.model.WorkflowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Finds and loads the actions of one job: remote ones are fetched by the {@link ActionSource} and
 * copied into the job environment once per job; local ones are read from the workspace inside the
 * environment (so they see what earlier steps checked out). Owned by the job's thread.
 */
final class Actions {
  /**
   * An action ready to run.
   *
   * @param metadata its {@code action.yml}
   * @param dir its directory inside the job environment
   * @param repository {@code owner/repo} for remote actions, empty for local ones
   * @param ref the ref as written, empty for local ones
   */
  record Loaded(ActionMetadata metadata, String dir, String repository, String ref) {}

  private final JobSession session;
  private final ActionSource source;
  private final Map<String, Loaded> remote = new HashMap<>();
  private final Map<Path, String> copied = new HashMap<>();
  private final Map<String, ActionSource.Fetched> fetched = new HashMap<>();

  Actions(JobSession session, ActionSource source) {
    this.session = session;
    this.source = source;
  }

  /**
   * @throws IllegalArgumentException when the metadata is missing or invalid (the message says
   *     where)
   * @throws BackendException when the action cannot be fetched or copied
   */
  Loaded load(ActionRef ref, OptionalInt logStep) throws BackendException, InterruptedException {
    return switch (ref) {
      case ActionRef.Remote r -> loadRemote(r, logStep);
      case ActionRef.Local l -> loadLocal(l);
      case ActionRef.DockerImage d ->
          throw new IllegalArgumentException("not an action with metadata: " + d.uses());
    };
  }

  private Loaded loadRemote(ActionRef.Remote ref, OptionalInt logStep)
      throws BackendException, InterruptedException {
    Loaded known = remote.get(ref.uses());
    if (known != null) {
      return known;
    }
    // One fetch per repository and ref per job, however many actions of it the job uses.
    String repoRef = ref.repoUrl() + "@" + ref.ref();
    ActionSource.Fetched fetched = this.fetched.get(repoRef);
    if (fetched == null) {
      fetched =
          source.fetch(
              ref, session.request.actions().token(), (err, text) -> session.line(logStep, text));
      this.fetched.put(repoRef, fetched);
    }
    String target = copied.get(fetched.dir());
    if (target == null) {
      target =
          session.env.tempDir()
              + "/actions/"
              + ref.repository().replace('/', '-')
              + "-"
              + fetched.commit().substring(0, Math.min(12, fetched.commit().length()));
      session.env.copyIn(fetched.dir(), target);
      copied.put(fetched.dir(), target);
    }
    Path local = ref.path().isEmpty() ? fetched.dir() : fetched.dir().resolve(ref.path());
    String yaml = readLocal(local, ref);
    String dir = ref.path().isEmpty() ? target : target + "/" + ref.path();
    Loaded loaded = new Loaded(parse(yaml, ref.uses()), dir, ref.repository(), ref.ref());
    remote.put(ref.uses(), loaded);
    return loaded;
  }

  private static String readLocal(Path dir, ActionRef.Remote ref) {
    for (String name : List.of("action.yml", "action.yaml")) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(
        "no action.yml or action.yaml in "
            + ref.repoUrl()
            + (ref.path().isEmpty() ? "" : "/" + ref.path())
            + " at "
            + ref.ref());
  }

  private Loaded loadLocal(ActionRef.Local ref) throws BackendException, InterruptedException {
    String rel = ref.path().startsWith("./") ? ref.path().substring(2) : ref.path();
    String dir =
        rel.isEmpty() || rel.equals(".")
            ? session.env.workspace()
            : session.env.workspace() + "/" + rel;
    List<String> lines = new ArrayList<>();
    int code =
        session.env.exec(
            ExecSpec.of(
                "sh", "-c", "cat \"$0/action.yml\" 2>/dev/null || cat \"$0/action.yaml\"", dir),
            (err, text) -> {
              if (!err) {
                lines.add(text);
              }
            });
    if (code != 0) {
      throw new IllegalArgumentException(
          "no action.yml or action.yaml in "
              + ref.path()
              + " (the workspace has no such action: did a checkout step run before it?)");
    }
    return new Loaded(parse(String.join("\n", lines), ref.uses()), dir, "", "");
  }

  private static ActionMetadata parse(String yaml, String uses) {
    try {
      return ActionParser.parse(yaml).value();
    } catch (WorkflowException e) {
      throw new IllegalArgumentException(
          uses + ": action.yml:" + e.pos().line() + ":" + e.pos().column() + ": " + e.problem(), e);
    }
  }

  /** {@code INPUT_*} name of an input, as the runner toolkit reads it. */
  static String inputVariable(String id) {
    return "INPUT_" + id.replace(' ', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
