// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.host.HostBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command files read back with an exec of their own: a step killed before it reported. */
class StepFilesTest {
  @TempDir Path parent;

  @Test
  void readsWhatAStepWroteToItsCommandFiles() throws Exception {
    HostBackend backend = new HostBackend(parent, Map.of("PATH", System.getenv("PATH")));
    JobSpec spec = new JobSpec("r", 1, "", Map.of("JOB", "job"), "/ignored", List.of());
    try (JobEnvironment env = backend.open(spec, (err, l) -> {})) {
      StepFiles files = new StepFiles(env.tempDir(), "step-1");
      files.prepare(env, Optional.empty());
      Path dir = Path.of(files.dir());
      Files.writeString(dir.resolve("output"), "answer=42\n");
      Files.writeString(dir.resolve("env"), "A=1\nB<<EOF\ntwo\nlines\nEOF\n");
      Files.writeString(dir.resolve("path"), "/opt/one\n/opt/two\n");
      Files.writeString(dir.resolve("summary"), "# done\n");

      StepFiles.Written written = files.read(env);

      assertThat(written.outputs()).containsExactly(Map.entry("answer", "42"));
      assertThat(written.env()).containsEntry("A", "1").containsEntry("B", "two\nlines");
      assertThat(written.path()).containsExactly("/opt/two", "/opt/one");
      assertThat(written.state()).isEmpty();
      assertThat(written.summary()).containsExactly("# done");
    }
  }
}
