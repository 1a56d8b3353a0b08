// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSectionTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of(), Path.of("."));

  @Test
  void addr_isOffByDefault_andParsesHostPort() throws Exception {
    assertThat(loader.parse("runner: {}\n", "c.yaml").config().metrics().addr()).isEmpty();
    assertThat(
            loader.parse("metrics:\n  addr: 127.0.0.1:9101\n", "c.yaml").config().metrics().addr())
        .hasValue(new MetricsSection.Address("127.0.0.1", 9101));
    assertThat(MetricsSection.parse("[::1]:9101"))
        .hasValue(new MetricsSection.Address("::1", 9101));
  }

  @Test
  void addr_withoutAPort_isAProblemWithItsLine() {
    assertThatThrownBy(() -> loader.parse("metrics:\n  addr: localhost\n", "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml")
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(p -> p.contains("metrics.addr") && p.contains("is not host:port")));
  }
}
