package io.jeton.core.browser;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of browser sessions, their links to Jeton sessions, and authorization codes (SPEC 9).
 * Codes and cookies are stored as SHA-256 hashes only. Every method is one transaction.
 */
public interface BrowserStore {
  void createSession(BrowserSession session);

  Optional<BrowserSession> findSession(RealmName realm, TokenHash hash);

  /** Moves the idle expiry of a live browser session forward (never past its absolute expiry). */
  void touchSession(RealmName realm, TokenHash hash, Instant idleExpiresAt);

  /** Marks the browser session ended at {@code at}; whether this call ended it. */
  boolean endSession(RealmName realm, TokenHash hash, Instant at);

  /** Records that the Jeton session {@code session} was issued from the browser session {@code browser}. */
  void link(RealmName realm, TokenHash browser, SessionId session);

  /** The Jeton sessions issued from the browser session, oldest first. */
  List<SessionId> linked(RealmName realm, TokenHash browser);

  void insertCode(AuthorizationCode code);

  /**
   * Marks the code used at {@code at}, once: of N concurrent calls exactly one gets {@link
   * CodeUse.First}; every other call (and every later one) gets {@link CodeUse.Replayed} with the
   * session the first use issued, if it has attached it yet, and records the replay so that
   * {@link #attach} tells the first user.
   */
  CodeUse use(RealmName realm, TokenHash hash, Instant at);

  /**
   * Records the session the first use of the code issued; whether the code was replayed before
   * that (the caller then revokes the session: a replay revokes what the code issued).
   */
  boolean attach(RealmName realm, TokenHash code, SessionId session);

  /** Deletes up to {@code limit} codes of the realm that expired before {@code before}. */
  int purgeCodes(RealmName realm, Instant before, int limit);

  /**
   * Deletes up to {@code limit} browser sessions of the realm that ended or expired before {@code
   * before}, with their links.
   */
  int purgeSessions(RealmName realm, Instant before, int limit);

  /** The outcome of {@link #use}. */
  sealed interface CodeUse {
    record First(AuthorizationCode code) implements CodeUse {}

    record Replayed(Optional<SessionId> issued) implements CodeUse {}

    record Unknown() implements CodeUse {}
  }
}
