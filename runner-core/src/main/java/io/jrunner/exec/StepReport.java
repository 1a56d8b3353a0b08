// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command files a step's own process prints after its command ({@link
 * StepFiles#runThenReport}), taken out of the step's standard output: everything before the report
 * (and after it, from processes the step left running) goes on to the step's log. The report is
 * framed by a random marker per step; a report that is cut short (the process was killed) is no
 * report, and the files are then read with an exec of their own.
 *
 * <p>Not thread-safe: fed by one exec's output, read after it ended.
 */
final class StepReport implements LineSink {
  private enum State {
    LOG,
    REPORT,
    DONE
  }

  private final String marker;
  private final LineSink log;
  private final List<List<String>> sections = new ArrayList<>();
  private State state = State.LOG;

  /**
   * @param log where the step's own lines go
   */
  StepReport(LineSink log) {
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    this.marker = "::jrunner-" + HexFormat.of().formatHex(random) + "::";
    this.log = log;
  }

  /** The marker that frames the report; {@link #begin()} and {@link #end()} open and close it. */
  String marker() {
    return marker;
  }

  String begin() {
    return marker + "begin";
  }

  String end() {
    return marker + "end";
  }

  @Override
  public void line(boolean stderr, String line) {
    if (stderr) {
      log.line(true, line);
      return;
    }
    switch (state) {
      case LOG -> {
        if (line.endsWith(begin())) {
          // The step's last line may lack its newline: the report's first marker then ends it.
          String rest = line.substring(0, line.length() - begin().length());
          if (!rest.isEmpty()) {
            log.line(false, rest);
          }
          state = State.REPORT;
        } else {
          log.line(false, line);
        }
      }
      case REPORT -> {
        if (line.equals(marker)) {
          sections.add(new ArrayList<>());
        } else if (line.equals(end())) {
          state = State.DONE;
        } else if (!sections.isEmpty()) {
          sections.getLast().add(line);
        }
      }
      case DONE -> log.line(false, line);
    }
  }

  /** The sections of a complete report, one per command file; empty when it was cut short. */
  Optional<List<List<String>>> sections(int files) {
    return state == State.DONE && sections.size() == files
        ? Optional.of(sections)
        : Optional.empty();
  }
}
