// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value made at its first use and kept: {@link DockerBackend}'s docker-java client, which the
 * daemon must not load before a job needs it. Thread-safe: the maker runs at most once, under a
 * lock (never {@code synchronized}, which pins virtual threads); a maker that throws is tried again
 * at the next use.
 */
final class Memo<T> implements Supplier<T> {
  private final Supplier<? extends T> maker;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile T value;

  Memo(Supplier<? extends T> maker) {
    this.maker = maker;
  }

  @Override
  public T get() {
    T v = value;
    if (v != null) {
      return v;
    }
    lock.lock();
    try {
      if (value == null) {
        value = Objects.requireNonNull(maker.get(), "made nothing");
      }
      return value;
    } finally {
      lock.unlock();
    }
  }

  /** The value if it was made, without making it. */
  Optional<T> made() {
    return Optional.ofNullable(value);
  }
}
