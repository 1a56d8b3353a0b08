// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.jrunner.exec.LineSink;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the daemon's pull stream into a few lines: where it pulls from, one summary of the layers,
 * the digest and the outcome; per-layer progress is dropped. Keeps the first error the stream
 * reports, or the request's error. Items arrive on docker-java's thread; {@link #error()} may be
 * read from any thread after {@link #awaitCompletion()}.
 */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
  private static final Logger LOG = LoggerFactory.getLogger(PullProgress.class);

  private final LineSink log;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> pulled = new LinkedHashSet<>();
  private final Set<String> present = new LinkedHashSet<>();
  private boolean summarized;
  private String error;

  PullProgress(LineSink log) {
    this.log = log;
  }

  @Override
  public void onNext(PullResponseItem item) {
    lock.lock();
    try {
      if (item.isErrorIndicated()) {
        if (error == null) {
          String message =
              item.getErrorDetail() == null ? null : item.getErrorDetail().getMessage();
          error = message == null ? "the pull failed" : message;
        }
        return;
      }
      String status = item.getStatus();
      if (status == null) {
        return;
      }
      if (status.startsWith("Pulling from")) {
        log.line(false, status);
      } else if (status.equals("Pull complete") && item.getId() != null) {
        pulled.add(item.getId());
      } else if (status.equals("Already exists") && item.getId() != null) {
        present.add(item.getId());
      } else if (status.startsWith("Digest:") || status.startsWith("Status:")) {
        summarize();
        log.line(false, status);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps the daemon's refusal (an HTTP error before the stream starts, e.g. unauthorized) as the
   * error and ends the wait, without docker-java's stack trace at ERROR level: the failure is
   * reported once, by the caller.
   */
  @Override
  public void onError(Throwable throwable) {
    lock.lock();
    try {
      if (error == null) {
        error = Images.reason(throwable);
      }
    } finally {
      lock.unlock();
    }
    try {
      close();
    } catch (IOException e) {
      LOG.debug("cannot close the pull stream: {}", e.toString());
    }
  }

  @Override
  public void onComplete() {
    lock.lock();
    try {
      if (error == null) {
        summarize();
      }
    } finally {
      lock.unlock();
    }
    super.onComplete();
  }

  private void summarize() {
    if (summarized || pulled.isEmpty() && present.isEmpty()) {
      return;
    }
    summarized = true;
    log.line(
        false,
        pulled.size()
            + (pulled.size() == 1 ? " layer" : " layers")
            + " downloaded, "
            + present.size()
            + " already present");
  }

  /** The first error the stream reported, if any. */
  Optional<String> error() {
    lock.lock();
    try {
      return Optional.ofNullable(error);
    } finally {
      lock.unlock();
    }
  }
}
