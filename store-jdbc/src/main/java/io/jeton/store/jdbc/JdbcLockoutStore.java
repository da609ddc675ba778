package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.lockout.LockoutState;
import io.jeton.core.lockout.LockoutStore;
import io.jeton.core.realm.LockoutPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lockout counters in table {@code user_lockout}. Each step is one transaction: make sure the row
 * exists ({@link Dialect#insertIfAbsent}), lock it with {@code SELECT ... FOR UPDATE} (the same
 * statement on H2 and PostgreSQL, so across nodes too), apply {@link LockoutState}'s rule, write
 * the result. A parallel attempt waits for the lock and then reads what the first one wrote.
 */
final class JdbcLockoutStore implements LockoutStore {
  private static final String COLUMNS = "realm, username, failures, pending, pending_since, locks, locked_until, "
      + "forget_at";
  private static final String STATE = "failures, pending, pending_since, locks, locked_until, forget_at";
  static final String LOCK_ROW = "SELECT " + STATE + " FROM user_lockout WHERE realm = ? AND username = ? FOR UPDATE";
  static final String WRITE_ROW = "UPDATE user_lockout SET failures = ?, pending = ?, pending_since = ?, locks = ?, "
      + "locked_until = ?, forget_at = ? WHERE realm = ? AND username = ?";
  static final String FIND = "SELECT " + STATE + " FROM user_lockout WHERE realm = ? AND username = ?";
  static final String CLEAR = "DELETE FROM user_lockout WHERE realm = ? AND username = ?";
  static final String PURGE = "DELETE FROM user_lockout WHERE realm = ? AND username IN (SELECT username FROM "
      + "user_lockout WHERE realm = ? AND forget_at <= ? FETCH FIRST ? ROWS ONLY)";

  private final Database db;
  private final String insertFresh;

  JdbcLockoutStore(Database db) {
    this.db = db;
    this.insertFresh = db.dialect().insertIfAbsent("user_lockout", new String[] {"realm", "username"},
        COLUMNS.split(", "));
  }

  @Override
  public LockoutState.Attempt begin(RealmName realm, String username, LockoutPolicy policy, Instant now) {
    return step(realm, username, true, s -> s.begin(policy, now)).orElseThrow();
  }

  @Override
  public Optional<Instant> failed(RealmName realm, String username, LockoutPolicy policy, Instant now) {
    return step(realm, username, true, s -> s.failed(policy, now)).orElseThrow();
  }

  @Override
  public void release(RealmName realm, String username) {
    step(realm, username, false, s -> new LockoutState.Step<>(s.released(), Boolean.TRUE));
  }

  /** How often a step whose fresh row vanished (or is not committed yet) is tried again. */
  static final int RETRIES = 200;

  /**
   * One locked read-modify-write of the row; {@code create} makes a fresh row first if there is
   * none, else a missing row is left alone (empty result). Between the insert and the lock, a
   * success on another thread may delete the row, or (H2) the row may be another transaction's
   * uncommitted insert, which READ COMMITTED does not see: the step is then tried again.
   */
  private <T> Optional<T> step(RealmName realm, String username, boolean create,
      Function<LockoutState, LockoutState.Step<T>> rule) {
    for (int i = 0; ; i++) {
      Optional<T> done = db.inTransaction(c -> {
        if (create) {
          db.insertIfAbsent(c, insertFresh, realm.value(), username, 0, 0, 0L, 0, Database.Null.BIGINT, 0L,
              realm.value(), username);
        }
        Optional<LockoutState> now = locked(c, realm, username);
        if (now.isEmpty()) {
          return Optional.<T>empty();
        }
        LockoutState.Step<T> step = rule.apply(now.get());
        LockoutState s = step.next();
        Database.update(c, WRITE_ROW, s.failures(), s.pending(), s.pendingSince(), s.locks(),
            Database.millis(s.lockedUntil()), s.forgetAt(), realm.value(), username);
        return Optional.of(step.result());
      });
      if (done.isPresent() || !create) {
        return done;
      }
      if (i == RETRIES) {
        throw new IllegalStateException("lockout row of '" + username + "' in realm '" + realm
            + "' kept vanishing");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static Optional<LockoutState> locked(Connection c, RealmName realm, String username) throws SQLException {
    List<LockoutState> rows = Database.query(c, LOCK_ROW, JdbcLockoutStore::map, realm.value(), username);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  @Override
  public boolean clear(RealmName realm, String username) {
    return db.update(CLEAR, realm.value(), username) > 0;
  }

  @Override
  public Optional<LockoutState> find(RealmName realm, String username) {
    return db.queryOne(FIND, JdbcLockoutStore::map, realm.value(), username);
  }

  @Override
  public int purgeForgotten(RealmName realm, Instant now, int max) {
    return db.update(PURGE, realm.value(), realm.value(), now, max);
  }

  private static LockoutState map(ResultSet rs) throws SQLException {
    return new LockoutState(rs.getInt("failures"), rs.getInt("pending"),
        Instant.ofEpochMilli(rs.getLong("pending_since")), rs.getInt("locks"), Database.instant(rs, "locked_until"),
        Instant.ofEpochMilli(rs.getLong("forget_at")));
  }
}
