// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @Test
  void configuresOneStderrAppenderWithTheDaemonsPattern() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);

    assertThat(configurator.configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    ConsoleAppender<ILoggingEvent> stderr =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    var encoder = stderr.getEncoder();
    String line =
        new String(
            encoder.encode(
                new ch.qos.logback.classic.spi.LoggingEvent(
                    "x",
                    context.getLogger("io.jrunner.daemon.RunnerDaemon"),
                    Level.WARN,
                    "hi",
                    null,
                    null)),
            StandardCharsets.UTF_8);
    assertThat(line)
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ WARN  RunnerDaemon: hi\\R");
    String failure =
        new String(
            encoder.encode(
                new ch.qos.logback.classic.spi.LoggingEvent(
                    "x",
                    context.getLogger("io.jrunner.cli.DaemonLauncher"),
                    Level.ERROR,
                    "cannot {}",
                    new IllegalStateException("boom"),
                    new Object[] {"start"})),
            StandardCharsets.UTF_8);
    assertThat(failure)
        .matches(
            "(?s)\\S+ ERROR DaemonLauncher: cannot start\\R"
                + "java.lang.IllegalStateException: boom\\R\\tat .*\\R");
    assertThat(context.getLogger("okhttp3").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.github.dockerjava").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.apache.hc").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void anExplicitConfigurationFileWins() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);
    System.setProperty("logback.configurationFile", "custom.xml");
    try {
      assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
          .isExhausted();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
