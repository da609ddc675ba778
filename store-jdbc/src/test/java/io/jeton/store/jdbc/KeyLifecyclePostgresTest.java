package io.jeton.store.jdbc;

/**
 * {@link KeyLifecycleContract} on a fresh PostgreSQL database, two pools as two nodes (two store
 * instances); fails when PostgreSQL is down.
 */
class KeyLifecyclePostgresTest extends KeyLifecycleContract {
  private PostgresDatabase database;

  @Override
  protected JdbcStores openStores() throws Exception {
    database = PostgresDatabase.create();
    return database.open(10);
  }

  @Override
  protected JdbcStores secondNode() {
    return database.open(4);
  }

  @Override
  protected void afterStores() throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
