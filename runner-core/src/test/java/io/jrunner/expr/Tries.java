// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.time.Duration;
import java.util.Random;

/**
 * A minimal property runner for the hostile-input tests: {@code tries} random inputs from a
 * generator, each checked on a worker thread within a time bound ({@link Bounded}). Seeded, so a
 * failure reproduces: the failure names the property, the seed, the try and the input.
 *
 * <p>Bounded for CI by default. For a longer run by hand: {@code -Dfuzz.tries=N} multiplies
 * nothing, it sets the tries of every property (surefire passes {@code -D} to the test JVM); {@code
 * -Dfuzz.seed=N} picks another seed (the default is fixed per property, so CI is repeatable).
 *
 * <p>Not thread-safe; one per test class.
 */
public final class Tries implements AutoCloseable {
  /** Makes one random input. */
  @FunctionalInterface
  public interface Gen<T> {
    T next(Random random);
  }

  /** The property: returns normally or throws an {@link AssertionError}. */
  @FunctionalInterface
  public interface Check<T> {
    void check(T input) throws Exception;
  }

  // Hang detection, not a speed target: generous for a loaded 2-core CI machine.
  private static final Duration BOUND = Duration.ofSeconds(60);

  private final Bounded bounded = new Bounded();

  /** Runs {@code check} on {@code tries} inputs (or {@code -Dfuzz.tries}) of {@code gen}. */
  public <T> void forAll(String property, int tries, Gen<T> gen, Check<T> check) throws Exception {
    long seed = Long.getLong("fuzz.seed", property.hashCode());
    int n = Integer.getInteger("fuzz.tries", tries);
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      T input = gen.next(random);
      int attempt = i;
      try {
        bounded.run(BOUND, () -> check.check(input), () -> describe(input));
      } catch (AssertionError | Exception e) {
        throw new AssertionError(
            property
                + " failed (-Dfuzz.seed="
                + seed
                + ", try "
                + attempt
                + ") for input: "
                + describe(input),
            e);
      }
    }
  }

  private static String describe(Object input) {
    String s = String.valueOf(input);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 400); i++) {
      char c = s.charAt(i);
      boolean plain = c >= 0x20 && c < 0x7f;
      b.append(plain ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return s.length() > 400 ? b + "… (" + s.length() + " chars)" : b.toString();
  }

  @Override
  public void close() {
    bounded.close();
  }
}
