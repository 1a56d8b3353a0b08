// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Coercion;
import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a workflow's {@code on:} lets an event through, with the rules of Forgejo's {@code
 * detectMatched}: the event must be listed; for {@code push}, {@code branches}/{@code
 * branches-ignore} apply to a branch ref and {@code tags}/{@code tags-ignore} to a tag ref (a ref
 * of the other kind fails them, unless both kinds are filtered, then one kind suffices), {@code
 * paths}/{@code paths-ignore} to the changed files (always passed by a tag); for {@code
 * pull_request}/{@code pull_request_target}, {@code types} (default {@code opened}, {@code
 * reopened}, {@code synchronize}) to the payload's action, {@code branches} to the base branch,
 * {@code paths} to the changed files; other events check only {@code types}. Every filter given
 * must pass. Stateless and thread-safe.
 */
public final class TriggerFilter {
  private static final Set<String> DEFAULT_PR_TYPES = Set.of("opened", "reopened", "synchronize");

  /**
   * The answer, with a sentence saying why.
   *
   * @param runs whether the workflow runs for the event
   * @param reason why (for a skip: which filter refused which name)
   */
  public record Verdict(boolean runs, String reason) {}

  private TriggerFilter() {}

  /**
   * The events of an {@code on:} value (string, list or mapping), each with its filters.
   *
   * @return event name → filter name → patterns, in document order; empty when {@code on} is null
   */
  public static Map<String, Map<String, List<String>>> events(Value on) {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    switch (on) {
      case Value.Str s -> out.put(s.value(), Map.of());
      case Value.Arr a -> a.items().forEach(v -> out.put(Coercion.toStr(v), Map.of()));
      case Value.Obj o ->
          o.entries()
              .forEach(
                  (event, acts) -> {
                    Map<String, List<String>> filters = new LinkedHashMap<>();
                    if (acts instanceof Value.Obj m) {
                      m.entries().forEach((k, v) -> filters.put(k, strings(v)));
                    }
                    out.put(event, filters);
                  });
      default -> {}
    }
    return out;
  }

  /** Decides whether a workflow whose {@code on:} is {@code on} runs for {@code facts}. */
  public static Verdict decide(Value on, TriggerFacts facts) {
    Map<String, Map<String, List<String>>> events = events(on);
    if (!events.containsKey(facts.event())) {
      return new Verdict(
          false,
          "on: has no " + facts.event() + " (it has: " + String.join(", ", events.keySet()) + ")");
    }
    Map<String, List<String>> acts = events.get(facts.event());
    try {
      return switch (facts.event()) {
        case "push" -> push(acts, facts);
        case "pull_request", "pull_request_target" -> pullRequest(acts, facts);
        default -> types(acts, facts);
      };
    } catch (IllegalArgumentException e) {
      return new Verdict(false, "on." + facts.event() + ": " + e.getMessage());
    }
  }

  private static Verdict push(Map<String, List<String>> acts, TriggerFacts facts) {
    if (acts.isEmpty()) {
      return new Verdict(true, "on: push has no filters");
    }
    List<String> why = new ArrayList<>();
    for (String ref : facts.refs()) {
      List<String> refused = pushRefusals(acts, ref, facts.changedFiles());
      if (refused.isEmpty()) {
        return new Verdict(true, "push to " + shortRef(ref) + " passes on.push");
      }
      why.add("push to " + shortRef(ref) + ": " + String.join("; ", refused));
    }
    return new Verdict(false, why.isEmpty() ? "no ref to push" : String.join(" / ", why));
  }

  private static List<String> pushRefusals(
      Map<String, List<String>> acts, String ref, List<String> files) {
    boolean branch = ref.startsWith("refs/heads/");
    boolean tag = ref.startsWith("refs/tags/");
    String name = shortRef(ref);
    boolean branchFilter = acts.containsKey("branches") || acts.containsKey("branches-ignore");
    boolean tagFilter = acts.containsKey("tags") || acts.containsKey("tags-ignore");
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, List<String>> act : acts.entrySet()) {
      List<FilterPattern> patterns = FilterPattern.compileAll(act.getValue());
      String key = act.getKey();
      boolean ok =
          switch (key) {
            case "branches" ->
                branch && FilterPattern.anyIncluded(patterns, List.of(name))
                    || branchFilter && tagFilter && tag;
            case "branches-ignore" ->
                branch && FilterPattern.anyNotIgnored(patterns, List.of(name))
                    || branchFilter && tagFilter && tag;
            case "tags" ->
                tag && FilterPattern.anyIncluded(patterns, List.of(name))
                    || branchFilter && tagFilter && branch;
            case "tags-ignore" ->
                tag && FilterPattern.anyNotIgnored(patterns, List.of(name))
                    || branchFilter && tagFilter && branch;
            case "paths" -> tag || FilterPattern.anyIncluded(patterns, files);
            case "paths-ignore" -> tag || FilterPattern.anyNotIgnored(patterns, files);
            default -> true;
          };
      if (!ok) {
        refused.add(refusal(key, act.getValue(), branch, tag, files, name));
      }
    }
    return refused;
  }

  private static Verdict pullRequest(Map<String, List<String>> acts, TriggerFacts facts) {
    String action = facts.action().orElse("opened");
    if ("synchronized".equals(action)) {
      action = "synchronize";
    }
    List<String> types = acts.get("types");
    boolean typeOk = types == null ? DEFAULT_PR_TYPES.contains(action) : matchesAny(types, action);
    List<String> refused = new ArrayList<>();
    if (!typeOk) {
      refused.add(
          "action "
              + action
              + " is not in types "
              + (types == null ? "(default) [opened, reopened, synchronize]" : types));
    }
    String base = facts.baseBranch().map(TriggerFilter::shortRef).orElse("");
    for (Map.Entry<String, List<String>> act : acts.entrySet()) {
      List<FilterPattern> patterns = FilterPattern.compileAll(act.getValue());
      List<String> files = facts.changedFiles();
      boolean ok =
          switch (act.getKey()) {
            case "branches" -> FilterPattern.anyIncluded(patterns, List.of(base));
            case "branches-ignore" -> FilterPattern.anyNotIgnored(patterns, List.of(base));
            case "paths" -> FilterPattern.anyIncluded(patterns, files);
            case "paths-ignore" -> FilterPattern.anyNotIgnored(patterns, files);
            default -> true;
          };
      if (!ok) {
        refused.add(
            act.getKey().startsWith("branches")
                ? "base branch " + base + " does not pass " + act.getKey() + " " + act.getValue()
                : refusal(act.getKey(), act.getValue(), true, false, files, base));
      }
    }
    return refused.isEmpty()
        ? new Verdict(true, facts.event() + " into " + base + " passes on." + facts.event())
        : new Verdict(false, facts.event() + " into " + base + ": " + String.join("; ", refused));
  }

  private static Verdict types(Map<String, List<String>> acts, TriggerFacts facts) {
    List<String> types = acts.get("types");
    if (types != null && facts.action().isPresent() && !matchesAny(types, facts.action().get())) {
      return new Verdict(
          false, "action " + facts.action().get() + " is not in on." + facts.event() + ".types");
    }
    return new Verdict(true, "on: has " + facts.event());
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    return patterns.stream()
        .anyMatch(p -> FilterPattern.compile(p).regex().matcher(value).matches());
  }

  private static String refusal(
      String key,
      List<String> patterns,
      boolean branch,
      boolean tag,
      List<String> files,
      String name) {
    if (key.startsWith("paths")) {
      return files.isEmpty()
          ? key + " " + patterns + ": no file changed"
          : "no changed file passes " + key + " " + patterns + " (changed: " + preview(files) + ")";
    }
    if (key.startsWith("branches") && !branch || key.startsWith("tags") && !tag) {
      return key
          + " "
          + patterns
          + " filters "
          + (key.startsWith("tags") ? "tags" : "branches")
          + " and this ref is not one";
    }
    return (branch ? "branch " : "tag ") + name + " does not pass " + key + " " + patterns;
  }

  private static String preview(List<String> files) {
    return files.size() <= 5
        ? String.join(", ", files)
        : String.join(", ", files.subList(0, 5)) + ", … " + (files.size() - 5) + " more";
  }

  private static String shortRef(String ref) {
    return ref.replaceFirst("^refs/(heads|tags)/", "");
  }

  private static List<String> strings(Value v) {
    return switch (v) {
      case Value.Arr a -> a.items().stream().map(Coercion::toStr).toList();
      case Value.Null n -> List.of();
      case Value.Obj o -> List.of();
      default -> List.of(Coercion.toStr(v));
    };
  }
}
