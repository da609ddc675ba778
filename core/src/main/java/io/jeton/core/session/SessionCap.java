package io.jeton.core.session;

import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.SessionRevoker;
import java.util.List;

/**
 * Stores a new login's session under its realm's {@code maxSessionsPerUser} (SPEC 7, seed 003's
 * {@code sessionControl}): a login beyond the cap revokes the user's oldest live sessions. Which
 * sessions go is decided atomically by the store ({@link SessionStore#createCapped}, serialised
 * per user on any number of nodes) in the transaction that inserts the new session, so their
 * refresh tokens are dead once it commits; each is then revoked through {@link SessionRevoker}
 * like any revoked session, so that its access tokens become inactive on every node, and audited.
 */
public final class SessionCap {
  private final SessionStore sessions;
  private final SessionRevoker revoker;
  private final AuditLog audit;

  public SessionCap(SessionStore sessions, SessionRevoker revoker, AuditLog audit) {
    this.sessions = sessions;
    this.revoker = revoker;
    this.audit = audit;
  }

  /** Creates the session and its first refresh token; revokes what the realm's cap pushes out. */
  public void create(Realm realm, Session session, RefreshToken first, RequestContext ctx) {
    int cap = realm.maxSessionsPerUser();
    if (cap == 0) {
      sessions.create(session, first);
      return;
    }
    List<SessionId> evicted = sessions.createCapped(session, first, cap);
    for (SessionId sid : evicted) {
      revoker.revoke(realm, sid, session.createdAt());
      audit.record(new AuditEvent(realm.name().value(), session.createdAt(), AuditType.REVOKE,
          session.clientId().value(), session.userId().value(), sid.value(), ctx.correlationId(),
          "session cap: oldest live session beyond maxSessionsPerUser " + cap));
    }
  }
}
