package io.jeton.store.jdbc;

/** {@link RevocationGroupCommitContract} on a fresh PostgreSQL database; fails when PostgreSQL is down. */
class RevocationGroupCommitPostgresTest extends RevocationGroupCommitContract {
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
