// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineRegistrationTest {
  private static final String SECRET = "7c31591e8b67225a116dc4e46b8a6c7d5cc32c2d";

  @Test
  void uuidFromSecret_usesTheFirst16CharactersAsBytes() throws RegistrationException {
    assertThat(OfflineRegistration.uuidFromSecret(SECRET))
        .isEqualTo("37633331-3539-3165-3862-363732323561");
  }

  @Test
  void registration_usesTheSecretAsToken() throws RegistrationException {
    assertThat(OfflineRegistration.registration(SECRET, "https://forge.example", "r1"))
        .isEqualTo(
            new Registration(
                0,
                "37633331-3539-3165-3862-363732323561",
                "r1",
                SECRET,
                "https://forge.example",
                List.of()));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({
    "'', 0 characters",
    "7c31591e8b67225a, 16 characters",
    "7c31591e8b67225a116dc4e46b8a6c7d5cc32c2d0, 41 characters",
    "zc31591e8b67225a116dc4e46b8a6c7d5cc32c2d, 40 characters including non-hexadecimal",
  })
  void uuidFromSecret_rejectsWhatIsNot40Hex(String secret, String detail) {
    assertThatThrownBy(() -> OfflineRegistration.uuidFromSecret(secret))
        .isInstanceOf(RegistrationException.class)
        .hasMessageStartingWith("the secret must be exactly 40 hexadecimal characters")
        .hasMessageContaining(detail);
  }
}
