// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.client.ClientSettings;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.config.CacheSection;
import io.jrunner.config.Registration;
import io.jrunner.exec.ContainerSetup;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.RegistryCredentials;
import io.jrunner.model.ContainerSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every record that carries a token, password or secret keeps it out of its {@code toString()}
 * (which a log line or an exception message may print).
 */
class SecretsInToStringTest {
  private static final String SECRET = "s3cr3t-v4lue-0815";

  @Test
  void noRecordPrintsTheSecretItCarries() {
    RunnerCredentials credentials = new RunnerCredentials("uuid-1", SECRET);
    List<Object> carriers =
        List.of(
            credentials,
            ClientSettings.anonymous(URI.create("https://forgejo.example"), "ua")
                .withCredentials(credentials),
            new Registration(1, "uuid-1", "r", SECRET, "https://forgejo.example", List.of("x")),
            new RegistryCredentials("user", SECRET),
            new ContainerSpec.Credentials("user", SECRET),
            new JobEvent.SecretAdded(SECRET),
            new CacheSection(true, 0, "/c", "", SECRET, "", 0, ""),
            new ExecSpec(
                List.of("sh"), Map.of("TOKEN", SECRET), Optional.empty(), Optional.empty()),
            new JobSpec(
                "runner",
                1,
                "img",
                Map.of("GITHUB_TOKEN", SECRET),
                "/w",
                List.of(),
                ContainerSetup.NONE,
                Map.of("img", new RegistryCredentials("user", SECRET))));
    for (Object carrier : carriers) {
      assertThat(carrier.toString())
          .as(carrier.getClass().getName())
          .doesNotContain(SECRET)
          .isNotBlank();
    }
  }
}
