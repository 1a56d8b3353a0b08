// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.WorkflowParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullCredentialsTest {
  private static final Map<String, Value> CONTEXTS =
      Map.of(
          "secrets",
          new Value.Obj(Map.of("USER", Value.of("robot"), "TOKEN", Value.of("s3cret"))),
          "matrix",
          new Value.Obj(Map.of("tag", Value.of("16"))));

  private static Job job(String yaml) throws Exception {
    return WorkflowParser.parse(yaml).value().jobs().values().iterator().next();
  }

  @Test
  void evaluatesContainerAndServiceCredentialsByImage() throws Exception {
    Job job =
        job(
            """
            on: push
            jobs:
              j:
                runs-on: docker
                container:
                  image: registry.example:5000/team/build:1
                  credentials:
                    username: ${{ secrets.USER }}
                    password: ${{ secrets.TOKEN }}
                services:
                  db:
                    image: registry.example:5000/pg:${{ matrix.tag }}
                    credentials:
                      username: svc
                      password: x${{ secrets.TOKEN }}
                  cache:
                    image: redis
                steps:
                  - run: true
            """);

    Map<String, RegistryCredentials> creds =
        PullCredentials.of(job, "registry.example:5000/team/build:1", CONTEXTS);

    assertThat(creds)
        .containsOnly(
            Map.entry(
                "registry.example:5000/team/build:1", new RegistryCredentials("robot", "s3cret")),
            Map.entry("registry.example:5000/pg:16", new RegistryCredentials("svc", "xs3cret")));
    assertThat(creds.toString()).doesNotContain("s3cret");
  }

  @Test
  void emptyUserOrPassword_isLeftOutSoTheDockerConfigApplies() throws Exception {
    Job job =
        job(
            """
            on: push
            jobs:
              j:
                runs-on: docker
                container:
                  image: private/build
                  credentials:
                    username: robot
                    password: ${{ secrets.MISSING }}
                steps:
                  - run: true
            """);

    assertThat(PullCredentials.of(job, "private/build", CONTEXTS)).isEmpty();
  }
}
