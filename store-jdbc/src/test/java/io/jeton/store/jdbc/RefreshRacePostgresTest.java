package io.jeton.store.jdbc;

/** {@link RefreshRaceContract} on a fresh PostgreSQL database; fails when PostgreSQL is down. */
class RefreshRacePostgresTest extends RefreshRaceContract {
  private PostgresDatabase database;

  @Override
  protected JdbcStores openStores() throws Exception {
    database = PostgresDatabase.create();
    return database.open(10);
  }

  @Override
  protected void afterStores() throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
