// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.expr.Value;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerFilterTest {
  private static Value on(String yaml) throws WorkflowException {
    return WorkflowParser.parse(
            "on:" + yaml + "\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: 'true'\n")
        .value()
        .on();
  }

  private static TriggerFacts push(List<String> refs, List<String> files) {
    return new TriggerFacts("push", refs, Optional.empty(), files, Optional.empty());
  }

  private static TriggerFacts pr(String base, Optional<String> action) {
    return new TriggerFacts(
        "pull_request", List.of("refs/heads/topic"), Optional.of(base), List.of("a.txt"), action);
  }

  @Test
  void eventMustBeListed_inEveryForm() throws Exception {
    TriggerFacts facts = push(List.of("refs/heads/main"), List.of("a"));
    assertThat(TriggerFilter.decide(on(" push"), facts).runs()).isTrue();
    assertThat(TriggerFilter.decide(on(" [pull_request, push]"), facts).runs()).isTrue();
    TriggerFilter.Verdict v = TriggerFilter.decide(on(" [pull_request]"), facts);
    assertThat(v.runs()).isFalse();
    assertThat(v.reason()).isEqualTo("on: has no push (it has: pull_request)");
    assertThat(TriggerFilter.decide(on("\n  workflow_dispatch:\n  push:"), facts).runs()).isTrue();
  }

  @Test
  void pushBranches_globsAndNegationLastMatchWins() throws Exception {
    Value on = on("\n  push:\n    branches: ['releases/**', '!releases/**-alpha', main]");
    assertThat(TriggerFilter.decide(on, push(List.of("refs/heads/main"), List.of())).runs())
        .isTrue();
    assertThat(TriggerFilter.decide(on, push(List.of("refs/heads/releases/1/x"), List.of())).runs())
        .isTrue();
    TriggerFilter.Verdict v =
        TriggerFilter.decide(on, push(List.of("refs/heads/releases/1-alpha"), List.of()));
    assertThat(v.runs()).isFalse();
    assertThat(v.reason())
        .contains("push to releases/1-alpha")
        .contains("branch releases/1-alpha does not pass branches");
    assertThat(
            TriggerFilter.decide(
                    on("\n  push:\n    branches: ['feat/*']"),
                    push(List.of("refs/heads/feat/a/b"), List.of()))
                .runs())
        .isFalse();
  }

  @Test
  void pushBranchesIgnore_andTags() throws Exception {
    Value ignore = on("\n  push:\n    branches-ignore: [develop]");
    assertThat(TriggerFilter.decide(ignore, push(List.of("refs/heads/develop"), List.of())).runs())
        .isFalse();
    assertThat(TriggerFilter.decide(ignore, push(List.of("refs/heads/main"), List.of())).runs())
        .isTrue();
    // Only branches filtered: a tag push does not run; a tag at HEAD besides the branch may.
    assertThat(TriggerFilter.decide(ignore, push(List.of("refs/tags/v1"), List.of())).runs())
        .isFalse();
    Value tags = on("\n  push:\n    tags: ['v[0-9]+.*']");
    assertThat(
            TriggerFilter.decide(
                    tags, push(List.of("refs/heads/main", "refs/tags/v10.2"), List.of()))
                .runs())
        .isTrue();
    assertThat(TriggerFilter.decide(tags, push(List.of("refs/heads/main"), List.of())).reason())
        .contains("filters tags and this ref is not one");
    // Both kinds filtered: either suffices.
    Value both = on("\n  push:\n    branches: [main]\n    tags: [v1]");
    assertThat(TriggerFilter.decide(both, push(List.of("refs/heads/main"), List.of())).runs())
        .isTrue();
    assertThat(TriggerFilter.decide(both, push(List.of("refs/tags/v1"), List.of())).runs())
        .isTrue();
    assertThat(TriggerFilter.decide(both, push(List.of("refs/tags/v2"), List.of())).runs())
        .isFalse();
  }

  @Test
  void pushPaths_againstChangedFiles_tagsAlwaysPass() throws Exception {
    Value paths = on("\n  push:\n    paths: ['src/**', '!src/**/*.md']");
    assertThat(
            TriggerFilter.decide(paths, push(List.of("refs/heads/main"), List.of("src/a/b.java")))
                .runs())
        .isTrue();
    TriggerFilter.Verdict v =
        TriggerFilter.decide(
            paths, push(List.of("refs/heads/main"), List.of("src/a/b.md", "README.md")));
    assertThat(v.runs()).isFalse();
    assertThat(v.reason()).contains("no changed file passes paths").contains("README.md");
    assertThat(TriggerFilter.decide(paths, push(List.of("refs/tags/v1"), List.of())).runs())
        .isTrue();
    Value ignore = on("\n  push:\n    paths-ignore: ['docs/**', '**/*.md']");
    assertThat(
            TriggerFilter.decide(
                    ignore, push(List.of("refs/heads/main"), List.of("README.md", "docs/x.txt")))
                .runs())
        .isFalse();
    assertThat(
            TriggerFilter.decide(
                    ignore, push(List.of("refs/heads/main"), List.of("README.md", "Main.java")))
                .runs())
        .isTrue();
    assertThat(
            TriggerFilter.decide(ignore, push(List.of("refs/heads/main"), List.of("a/b/c.md")))
                .runs())
        .isFalse();
  }

  @Test
  void pullRequest_baseBranchAndTypes() throws Exception {
    Value on = on("\n  pull_request:\n    branches: [main]");
    assertThat(TriggerFilter.decide(on, pr("main", Optional.empty())).runs()).isTrue();
    assertThat(TriggerFilter.decide(on, pr("refs/heads/main", Optional.of("synchronized"))).runs())
        .isTrue();
    TriggerFilter.Verdict v = TriggerFilter.decide(on, pr("develop", Optional.empty()));
    assertThat(v.runs()).isFalse();
    assertThat(v.reason())
        .isEqualTo("pull_request into develop: base branch develop does not pass branches [main]");
    assertThat(TriggerFilter.decide(on, pr("main", Optional.of("closed"))).runs()).isFalse();
    assertThat(
            TriggerFilter.decide(
                    on("\n  pull_request:\n    types: [closed]"), pr("main", Optional.of("closed")))
                .runs())
        .isTrue();
  }

  @Test
  void patterns_optionalAndEscapedCharacters() {
    assertThat(FilterPattern.included(List.of(FilterPattern.compile("colou?r")), "color")).isTrue();
    assertThat(FilterPattern.included(List.of(FilterPattern.compile("colou?r")), "colour"))
        .isTrue();
    assertThat(FilterPattern.included(List.of(FilterPattern.compile("a\\*b")), "a*b")).isTrue();
    assertThat(FilterPattern.included(List.of(FilterPattern.compile("a\\*b")), "axb")).isFalse();
    assertThat(FilterPattern.included(List.of(FilterPattern.compile("**/README.md")), "README.md"))
        .isTrue();
  }
}
