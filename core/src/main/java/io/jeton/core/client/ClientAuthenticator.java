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
import io.jeton.core.crypto.Tokens;
import io.jeton.core.replay.ReplayStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Client authentication, RFC 6749 section 2.3: {@code client_secret_basic} and {@code
 * client_secret_post} against the keyed secret hash, {@code private_key_jwt} (RFC 7523 section 2.2)
 * against the client's registered JWK Set with each assertion's {@code jti} accepted once on any
 * node; public clients identify with their id only. Clients are cached for a few seconds so that the
 * hot paths read no database.
 */
public final class ClientAuthenticator {
  private record Key(RealmName realm, ClientId id) {}

  private final ClientStore store;
  private final SecretHasher hasher;
  private final AuditLog audit;
  private final InstantSource clock;
  private final LoadingCache<Key, Optional<Client>> cache;
  private final ClientFailureLimiter failures;
  private final ReplayStore replays;
  private final Function<RealmName, String> issuer;

  /**
   * @param replays where the {@code jti}s of client assertions are recorded, shared by all nodes
   * @param issuer the issuer URL of a realm: it, or its token endpoint, is the audience of an assertion
   */
  public ClientAuthenticator(ClientStore store, SecretHasher hasher, AuditLog audit, InstantSource clock,
      Duration ttl, ReplayStore replays, Function<RealmName, String> issuer) {
    this.failures = new ClientFailureLimiter(clock);
    this.replays = replays;
    this.issuer = issuer;
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
    if (creds.method() == ClientCredentials.Method.PRIVATE_KEY_JWT) {
      return privateKeyJwt(realm, creds, found, ctx);
    }
    if (found.isPresent()) {
      Client c = found.get();
      if (c.isPublic()) {
        if (creds.secret().isEmpty()) {
          return new Verification.Verified(c, creds.method());
        }
      } else if (creds.secret().isPresent() && c.secretHash().isPresent()
          && hasher.matches(creds.secret().get(), c.secretHash().get())) {
        return new Verification.Verified(c, creds.method());
      }
    }
    return failed(realm, creds, "", ctx);
  }

  /**
   * RFC 7523 section 3: the assertion checked against the client's JWK Set, then its {@code jti}
   * spent in the shared replay store ("The authorization server MAY ensure that JWTs are not
   * replayed by maintaining the set of used jti values"; SPEC 8 makes it a must).
   */
  private Verification privateKeyJwt(Realm realm, ClientCredentials creds, Optional<Client> found,
      RequestContext ctx) {
    if (found.isEmpty() || creds.secret().isEmpty()) {
      return failed(realm, creds, found.isEmpty() ? "unknown client" : "no assertion", ctx);
    }
    String iss = issuer.apply(realm.name());
    Instant now = clock.instant();
    return switch (ClientAssertion.check(creds.secret().get(), found.get(), List.of(iss, iss + "/oauth2/token"), now)) {
      case ClientAssertion.Result.Invalid(var reason) -> failed(realm, creds, reason, ctx);
      case ClientAssertion.Result.Valid(var jti, var keepUntil) ->
          // jti is unique per issuer (RFC 7519 section 4.1.7): keyed by client, hashed to a fixed length
          replays.firstUse(realm.name(), ReplayStore.Kind.CLIENT_ASSERTION,
              Tokens.sha256(found.get().id().value() + '\0' + jti).value(), keepUntil)
              ? new Verification.Verified(found.get(), ClientCredentials.Method.PRIVATE_KEY_JWT)
              : failed(realm, creds, "jti already used", ctx);
    };
  }

  /** Audits the failure with its reason, counts it for the client failure limit, and refuses. */
  private Verification failed(Realm realm, ClientCredentials creds, String reason, RequestContext ctx) {
    audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.CLIENT_AUTH_FAILED,
        creds.clientId().value(), "", "", ctx.correlationId(), "method " + creds.method().name().toLowerCase(java.util.Locale.ROOT)
            + (reason.isEmpty() ? "" : ": " + reason)
            + (ctx.remoteAddress().isEmpty() ? "" : " from " + ctx.remoteAddress())));
    failures.failed(realm.name(), creds.clientId(), ctx.remoteAddress(), realm.lockout().clientMaxFailures());
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
