package io.jeton.testkit;

import io.jeton.core.Stores;
import io.jeton.core.memory.InMemoryStores;

/** The store conformance suite on core's in-memory stores, the backend of core's unit tests. */
class InMemoryStoreConformanceTest extends StoreConformanceSuite {
  private static final Stores STORES = InMemoryStores.create();

  @Override
  protected Stores stores() {
    return STORES;
  }
}
