// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.jrunner.exec.BackendException;
import org.junit.jupiter.api.Test;

/** The one rule for Docker failures shown to users: a sentence, what to do, no class names. */
class DockerFailuresTest {
  @Test
  void theEnginesOwnMessageAndAHint() {
    BackendException e =
        DockerFailures.of(
            "cannot start service db",
            new NotFoundException("Status 404: {\"message\":\"No such image: nope:1\"}\n"));

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot start service db: No such image: nope:1; check the image or object name,"
                + " and that it exists on this engine");
    assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aJacksonFailureBecomesASentence() {
    Exception jackson;
    try {
      new ObjectMapper().readValue("\"\"", java.util.List.class);
      throw new AssertionError("no failure");
    } catch (Exception x) {
      jackson = x;
    }
    BackendException e =
        DockerFailures.of("cannot create the job's containers", new RuntimeException(jackson));

    assertThat(e.getMessage())
        .startsWith("cannot create the job's containers: the request or the Docker engine's answer")
        .doesNotContain("com.fasterxml")
        .doesNotContain("Exception");
  }

  @Test
  void anUnreachableEngineSaysWhatToCheck() {
    BackendException e =
        DockerFailures.of(
            "cannot create volume v",
            new RuntimeException(new java.net.ConnectException("Connection refused")));

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot create volume v: the Docker engine cannot be reached; check that the Docker"
                + " engine runs and that container.docker_host points to it");
  }

  @Test
  void classNamesInOtherMessagesAreDropped() {
    BackendException e =
        DockerFailures.of(
            "docker exec failed",
            new BadRequestException(
                "com.github.dockerjava.api.exception.BadRequestException: invalid mount"));

    assertThat(e.getMessage())
        .isEqualTo(
            "docker exec failed: invalid mount; check the values in the workflow (image names,"
                + " ports, volumes, options)");
  }
}
