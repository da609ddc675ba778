package io.jeton.core.change;

import java.util.function.Consumer;

/**
 * How the nodes of a cluster tell each other of committed changes (SPEC 10: a revocation on every
 * node within 1 s, configuration within 5 s). A hint only: every in-memory view still polls or
 * expires on its own, so a feed may lose, merge or repeat notices. On PostgreSQL it is {@code
 * LISTEN/NOTIFY} (docs/storage.md, "Change notices"); on H2, which one process alone opens, there
 * are no other nodes and {@link #NONE} is used.
 */
public interface ChangeFeed {
  /**
   * Tells the other nodes of a change this node has committed. Call after the commit, never inside
   * a transaction; returns at once and never throws (a notice that cannot be sent is dropped).
   */
  void publish(Change change);

  /**
   * Delivers other nodes' changes to {@code listener}, on the feed's own thread, from now on; after
   * a gap in which notices may have been missed (a reconnection, the first connection) it delivers
   * {@link Change#EVERYTHING}. What the listener throws is logged and does not stop the feed.
   */
  void subscribe(Consumer<Change> listener);

  /** Whether notices travel at all: false for {@link #NONE}. */
  default boolean active() {
    return true;
  }

  /** No other node hears of anything: one process on one database. */
  ChangeFeed NONE = new ChangeFeed() {
    @Override
    public void publish(Change change) {
    }

    @Override
    public void subscribe(Consumer<Change> listener) {
    }

    @Override
    public boolean active() {
      return false;
    }
  };
}
