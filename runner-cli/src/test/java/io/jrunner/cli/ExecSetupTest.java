// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.expr.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecSetupTest {
  @TempDir Path dir;

  @Test
  void givenPushPayload_itsRefIsWhatTheFiltersSee() throws Exception {
    Value.Obj payload = new Value.Obj(Map.of("ref", Value.of("refs/tags/v1.2")));

    ExecSetup setup = ExecSetup.of(new ExecFlags(), dir, "push", payload, Map.of());

    assertThat(setup.facts().refs()).containsExactly("refs/tags/v1.2");
    assertThat(setup.payload()).isSameAs(payload);
  }

  @Test
  void builtPayloads_fromGit_asForgejoSendsThem() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a");
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("one")
          .setAuthor("A", "a@x")
          .setCommitter("A", "a@x")
          .setSign(false)
          .call();
      git.tag().setName("v1").call();
    }
    Files.writeString(dir.resolve("b.txt"), "b");
    ExecFlags flags = new ExecFlags();
    flags.actor = "octo";

    ExecSetup push = ExecSetup.of(flags, dir, "push", null, Map.of());

    assertThat(push.facts().refs()).containsExactly("refs/heads/main", "refs/tags/v1");
    assertThat(push.facts().changedFiles()).containsExactly("a.txt", "b.txt");
    Map<String, Value> p = push.payload().entries();
    assertThat(p.get("ref")).isEqualTo(Value.of("refs/heads/main"));
    assertThat(p.get("before")).isEqualTo(Value.of("0".repeat(40)));
    assertThat(((Value.Obj) p.get("head_commit")).entries().get("added"))
        .isEqualTo(new Value.Arr(java.util.List.of(Value.of("a.txt"))));
    assertThat(((Value.Obj) p.get("sender")).entries().get("login")).isEqualTo(Value.of("octo"));

    flags.base = "release";
    ExecSetup pr = ExecSetup.of(flags, dir, "pull_request", null, Map.of());
    assertThat(pr.facts().baseBranch()).contains("release");
    Map<String, Value> github = EventPayloads.githubFields("pull_request", pr.payload());
    assertThat(github.get("head_ref")).isEqualTo(Value.of("main"));
    assertThat(github.get("base_ref")).isEqualTo(Value.of("release"));
    assertThat(github.get("ref")).isEqualTo(Value.of("refs/pull/1/head"));
    assertThat(github.get("actor")).isEqualTo(Value.of("octo"));
  }
}
