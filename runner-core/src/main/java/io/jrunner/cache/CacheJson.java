// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.google.gson.Gson;

/**
 * The cache's one {@link Gson}, made when the first cache request needs JSON: an idle runner whose
 * cache is never used loads none of Gson's reflective adapters (about 75 classes). Thread-safe, as
 * Gson is.
 */
final class CacheJson {
  static final Gson GSON = new Gson();

  private CacheJson() {}
}
