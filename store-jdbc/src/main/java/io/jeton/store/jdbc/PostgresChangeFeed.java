package io.jeton.store.jdbc;

import io.jeton.core.change.Change;
import io.jeton.core.change.ChangeFeed;
import java.util.function.Consumer;

/**
 * The change feed on PostgreSQL: {@link ChangeNotifier} sends this node's notices after their
 * commits, {@link ChangeListener} receives the other nodes'. Each opens its one connection, outside
 * the pool, on first use; see docs/storage.md, "Change notices".
 */
final class PostgresChangeFeed implements ChangeFeed, AutoCloseable {
  private final ChangeNotifier notifier;
  private final ChangeListener listener;

  PostgresChangeFeed(PgConnections connections) {
    this.notifier = new ChangeNotifier(connections);
    this.listener = new ChangeListener(connections, notifier::backendPid);
  }

  @Override
  public void publish(Change change) {
    notifier.publish(change);
  }

  @Override
  public void subscribe(Consumer<Change> l) {
    listener.subscribe(l);
  }

  @Override
  public void close() {
    try {
      notifier.close();
    } finally {
      listener.close();
    }
  }
}
