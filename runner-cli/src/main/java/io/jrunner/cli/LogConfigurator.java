// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The daemon's own log (never job logs), configured in code: one line per event on stderr, so
 * journald keeps it under systemd. Logback finds this class through {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator} when the first logger is made; it
 * replaces a {@code logback.xml}, whose XML parser and Joran model cost about 300 classes and a
 * large share of a short command's start-up (docs/benchmarks.md, "Footprint and start-up").
 *
 * <p>{@code -Dlogback.configurationFile=FILE} still wins: this configurator then steps aside and
 * logback reads that file. Runs once, on the thread that makes the first logger.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** Made by logback's service loader. */
  public LogConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogLine layout = new LogLine();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    for (String chatty : new String[] {"okhttp3", "com.github.dockerjava", "org.apache.hc"}) {
      context.getLogger(chatty).setLevel(Level.WARN);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
