package io.jeton.core.client;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Client authentication, RFC 6749 section 2.3: {@code client_secret_basic} and {@code
 * client_secret_post} against the keyed secret hash; public clients identify with their id only.
 * Clients are cached for a few seconds so that the hot paths read no database.
 */
public final class ClientAuthenticator {
  private record Key(RealmName realm, ClientId id) {}

  private final ClientStore store;
  private final SecretHasher hasher;
  private final AuditLog audit;
  private final InstantSource clock;
  private final LoadingCache<Key, Optional<Client>> cache;
  private final ClientFailureLimiter failures;

  public ClientAuthenticator(
      ClientStore store, SecretHasher hasher, AuditLog audit, InstantSource clock, Duration ttl) {
    this.failures = new ClientFailureLimiter(clock);
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ttl)
            .build(k -> store.find(k.realm(), k.id()));
  }

  public Optional<Client> find(RealmName realm, ClientId id) {
    return cache.get(new Key(realm, id));
  }

  public void invalidate(RealmName realm, ClientId id) {
    cache.invalidate(new Key(realm, id));
  }

  /**
   * What checking a client's credentials found: the client and how it proved itself, or the
   * refusal. Not a caller: {@code Engine.authenticateClient} makes the caller from it.
   */
  public sealed interface Verification {
    record Verified(Client client, ClientCredentials.Method method) implements Verification {}

    record Rejected(OAuthError error) implements Verification {}
  }

  /**
   * Checks the credentials; a client and address past the realm's {@code clientMaxFailures} in a
   * minute get 429 before anything is checked ({@link ClientFailureLimiter}).
   */
  public Verification authenticate(Realm realm, ClientCredentials creds, RequestContext ctx) {
    int maxFailures = realm.lockout().clientMaxFailures();
    Optional<OAuthError> limited = failures.refusal(realm.name(), creds.clientId(), ctx.remoteAddress(), maxFailures);
    if (limited.isPresent()) {
      return new Verification.Rejected(limited.get());
    }
    Optional<Client> found = find(realm.name(), creds.clientId());
    if (found.isPresent()) {
      Client c = found.get();
      if (c.isPublic()) {
        if (creds.secret().isEmpty()) {
          return new Verification.Verified(c, creds.method());
        }
      } else if (creds.secret().isPresent() && hasher.matches(creds.secret().get(), c.secretHash().get())) {
        return new Verification.Verified(c, creds.method());
      }
    }
    audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.CLIENT_AUTH_FAILED,
        creds.clientId().value(), "", "", ctx.correlationId(), "method " + creds.method().name().toLowerCase(java.util.Locale.ROOT)
            + (ctx.remoteAddress().isEmpty() ? "" : " from " + ctx.remoteAddress())));
    failures.failed(realm.name(), creds.clientId(), ctx.remoteAddress(), maxFailures);
    return new Verification.Rejected(OAuthError.invalidClient("client authentication failed"));
  }

  /**
   * The same, and a client registered with a certificate subject (RFC 8705 section 2) is
   * authenticated only when {@code certificateSubject}, the subject of the connection's verified
   * TLS client certificate, is that subject (SPEC 3.1: "the TLS client certificate must match").
   */
  public Verification authenticate(Realm realm, ClientCredentials creds, Optional<String> certificateSubject,
      RequestContext ctx) {
    Verification result = authenticate(realm, creds, ctx);
    if (result instanceof Verification.Verified a && a.client().certificateSubject().isPresent()
        && !a.client().certificateSubject().equals(certificateSubject)) {
      Client c = a.client();
      audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.CLIENT_AUTH_FAILED,
          c.id().value(), "", "", ctx.correlationId(), certificateSubject.isEmpty()
              ? "no TLS client certificate" : "TLS client certificate subject does not match"));
      failures.failed(realm.name(), c.id(), ctx.remoteAddress(), realm.lockout().clientMaxFailures());
      return new Verification.Rejected(OAuthError.invalidClient(
          "client '" + c.id() + "' must present its TLS client certificate"));
    }
    return result;
  }
}
