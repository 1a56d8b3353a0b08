// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One daemon log line, the layout {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}:
 * %msg%n} would make, then the stack trace of an attached exception, written directly: logback's
 * pattern parser and converters are about 80 classes a daemon would keep loaded for this one
 * pattern (docs/benchmarks.md). Thread-safe; the time in the JVM's default zone.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final ZoneId zone = ZoneId.systemDefault();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
    String level = event.getLevel().toString();
    line.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) {
      line.append(' ');
    }
    String logger = event.getLoggerName();
    line.append(' ')
        .append(logger, logger.lastIndexOf('.') + 1, logger.length())
        .append(": ")
        .append(event.getFormattedMessage())
        .append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
    }
    return line.toString();
  }
}
