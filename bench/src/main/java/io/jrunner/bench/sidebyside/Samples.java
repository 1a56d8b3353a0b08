// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Measured values per metric and column (runner name, or {@link #FLOOR} for raw Docker), in the
 * order they were added. Thread-safe (one lock).
 */
final class Samples {
  /** The column of raw Docker Engine API figures. */
  static final String FLOOR = "docker";

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Metric, Map<String, List<Double>>> values = new LinkedHashMap<>();

  void add(Metric metric, String column, double value) {
    lock.lock();
    try {
      values
          .computeIfAbsent(metric, k -> new LinkedHashMap<>())
          .computeIfAbsent(column, k -> new ArrayList<>())
          .add(value);
    } finally {
      lock.unlock();
    }
  }

  void addAll(Metric metric, String column, List<Double> list) {
    for (double v : list) {
      add(metric, column, v);
    }
  }

  /** The values of one cell (empty when none). */
  List<Double> get(Metric metric, String column) {
    lock.lock();
    try {
      return List.copyOf(values.getOrDefault(metric, Map.of()).getOrDefault(column, List.of()));
    } finally {
      lock.unlock();
    }
  }

  /** The {@code p}-th percentile (0..100, nearest rank) of the cell, or NaN when empty. */
  double percentile(Metric metric, String column, double p) {
    List<Double> v = new ArrayList<>(get(metric, column));
    if (v.isEmpty()) {
      return Double.NaN;
    }
    v.sort(Double::compare);
    if (p == 50 && v.size() % 2 == 0) {
      return (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * v.size());
    return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
  }

  double median(Metric metric, String column) {
    return percentile(metric, column, 50);
  }
}
