package io.jeton.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.change.DirectoryCache;
import io.jeton.core.error.OAuthError;
import io.jeton.core.keys.PublicJwks;
import io.jeton.core.realm.Realm;
import java.time.Duration;
import java.time.InstantSource;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.replay.ReplayStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/**
 * Client authentication, RFC 6749 section 2.3: {@code client_secret_basic} and {@code
 * client_secret_post} against the keyed secret hash, the TLS client certificate methods of RFC 8705,
 * and {@code private_key_jwt} (RFC 7523 section 2.2) against the client's registered JWK Set with
 * each assertion's {@code jti} accepted once on any node; public clients identify with their id
 * only. Clients are cached for a few seconds so that the hot paths read no database
 * ({@link DirectoryCache}: the last one read keeps serving while the store is away).
 */
public final class ClientAuthenticator {
  private record Key(RealmName realm, ClientId id) {}

  private final ClientStore store;
  private final SecretHasher hasher;
  private final AuditLog audit;
  private final InstantSource clock;
  private final DirectoryCache<Key, Optional<Client>> cache;
  /** Registered JWK Sets, parsed once: by their JSON, so that a re-registered set is parsed anew. */
  private final Cache<String, PublicJwks> jwks = Caffeine.newBuilder().maximumSize(10_000).build();
  private final ClientFailureLimiter failures;
  private final CertificateTrust trust;
  private final ReplayStore replays;
  private final Function<RealmName, String> issuer;

  /**
   * @param trust the CAs of {@code tls_client_auth} (RFC 8705 section 2.1)
   * @param replays where the {@code jti}s of client assertions are recorded, shared by all nodes
   * @param issuer the issuer URL of a realm: it, or its token endpoint, is the audience of an assertion
   */
  public ClientAuthenticator(ClientStore store, SecretHasher hasher, AuditLog audit, InstantSource clock,
      Duration ttl, CertificateTrust trust, ReplayStore replays, Function<RealmName, String> issuer) {
    this.trust = trust;
    this.replays = replays;
    this.issuer = issuer;
    this.failures = new ClientFailureLimiter(clock);
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    this.cache = new DirectoryCache<>("client", k -> store.find(k.realm(), k.id()), ttl, 100_000);
  }

  public Optional<Client> find(RealmName realm, ClientId id) {
    return cache.get(new Key(realm, id));
  }

  public void invalidate(RealmName realm, ClientId id) {
    cache.invalidate(new Key(realm, id));
  }

  /** Reloads the client in the background if it is cached (another node changed it); the old one serves until then. */
  public void refresh(RealmName realm, ClientId id) {
    cache.refresh(new Key(realm, id));
  }

  /** Forgets every cached client, so that the next use of each reads the store (the last ones stay for failures). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /**
   * What checking a client's credentials found: the client and how it proved itself, or the
   * refusal. Not a caller: {@code Engine.authenticateClient} makes the caller from it.
   */
  public sealed interface Verification {
    /** @param certificate the TLS client certificate of the request, whichever method was used */
    record Verified(Client client, ClientCredentials.Method method, Optional<ClientCertificate> certificate)
        implements Verification {}

    record Rejected(OAuthError error) implements Verification {}
  }

  /**
   * Checks the credentials; a client and address past the realm's {@code clientMaxFailures} in a
   * minute get 429 before anything is checked ({@link ClientFailureLimiter}).
   *
   * <p>A secret (RFC 6749 section 2.3.1) is checked against the keyed hash. Without one, the TLS
   * client certificate of the request ({@link RequestContext#clientCertificate()}) authenticates
   * the client it names by {@code client_id}: {@code tls_client_auth} when the chain verifies
   * against the trusted CAs and the subject DN is the client's {@code certificateSubject} (RFC 8705
   * section 2.1), {@code self_signed_tls_client_auth} when the leaf is the client's registered
   * {@code certificate} (section 2.2). A {@code private_key_jwt} assertion (RFC 7523 section 2.2)
   * is checked against the client's JWK Set and its {@code jti} spent in the shared replay store.
   * The method used must be one the client allows ({@link
   * Client#allowedAuthMethods()}). A client with a {@code certificateSubject} authenticated by its
   * secret must present that certificate too (SPEC 3.1: "the TLS client certificate must match").
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
      Optional<ClientCredentials.Method> method = verify(c, creds, ctx.clientCertificate());
      if (method.isPresent() && c.allowedAuthMethods().contains(method.get())) {
        if (method.get().isSecret() && c.certificateSubject().isPresent()
            && !matchesSubject(c, ctx.clientCertificate())) {
          String why = ctx.clientCertificate().isEmpty() ? "no TLS client certificate"
              : "TLS client certificate does not match";
          return failed(realm, creds, ctx, why, OAuthError.invalidClient(
              "client '" + c.id() + "' must present its TLS client certificate"));
        }
        return new Verification.Verified(c, method.get(), ctx.clientCertificate());
      }
      if (method.isPresent()) {
        return failed(realm, creds, ctx, "method " + method.get().wire() + " is not allowed for this client",
            OAuthError.invalidClient("client authentication failed"));
      }
    }
    // the reason is only built for a failure: the success path allocates no string
    return failed(realm, creds, ctx, "method " + creds.method().name().toLowerCase(Locale.ROOT),
        OAuthError.invalidClient("client authentication failed"));
  }

  /**
   * RFC 7523 section 3: the assertion checked against the client's JWK Set, then its {@code jti}
   * spent in the shared replay store ("The authorization server MAY ensure that JWTs are not
   * replayed by maintaining the set of used jti values"; SPEC 8 makes it a must).
   */
  private Verification privateKeyJwt(Realm realm, ClientCredentials creds, Optional<Client> found,
      RequestContext ctx) {
    String why = "method private_key_jwt: ";
    if (found.isEmpty() || creds.secret().isEmpty()) {
      return failed(realm, creds, ctx, why + (found.isEmpty() ? "unknown client" : "no assertion"),
          OAuthError.invalidClient("client authentication failed"));
    }
    Client c = found.get();
    if (!c.allowedAuthMethods().contains(ClientCredentials.Method.PRIVATE_KEY_JWT)) {
      return failed(realm, creds, ctx, why + "not allowed for this client",
          OAuthError.invalidClient("client authentication failed"));
    }
    String iss = issuer.apply(realm.name());
    Instant now = clock.instant();
    PublicJwks keys = c.jwks().map(json -> jwks.get(json, PublicJwks::parse)).orElse(PublicJwks.NONE);
    return switch (ClientAssertion.check(creds.secret().get(), c, keys, List.of(iss, iss + "/oauth2/token"), now)) {
      case ClientAssertion.Result.Invalid(var reason) -> failed(realm, creds, ctx, why + reason,
          OAuthError.invalidClient("client authentication failed"));
      case ClientAssertion.Result.Valid(var jti, var keepUntil) ->
          // jti is unique per issuer (RFC 7519 section 4.1.7): keyed by client, hashed to a fixed length
          replays.firstUse(realm.name(), ReplayStore.Kind.CLIENT_ASSERTION,
              Tokens.sha256(c.id().value() + '\0' + jti).value(), keepUntil)
              ? new Verification.Verified(c, ClientCredentials.Method.PRIVATE_KEY_JWT, ctx.clientCertificate())
              : failed(realm, creds, ctx, why + "jti already used", OAuthError.invalidClient("client authentication failed"));
    };
  }

  private Verification failed(Realm realm, ClientCredentials creds, RequestContext ctx, String why, OAuthError error) {
    audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.CLIENT_AUTH_FAILED,
        creds.clientId().value(), "", "", ctx.correlationId(),
        why + (ctx.remoteAddress().isEmpty() ? "" : " from " + ctx.remoteAddress())));
    failures.failed(realm.name(), creds.clientId(), ctx.remoteAddress(), realm.lockout().clientMaxFailures());
    return new Verification.Rejected(error);
  }

  /** The method the credentials prove for {@code c}, before its allowed methods are consulted; empty: none. */
  private Optional<ClientCredentials.Method> verify(Client c, ClientCredentials creds,
      Optional<ClientCertificate> certificate) {
    Optional<String> secret = creds.secret();
    if (secret.isPresent()) {
      return c.secretHash().isPresent() && hasher.matches(secret.get(), c.secretHash().get())
          ? Optional.of(creds.method()) : Optional.empty();
    }
    if (certificate.isPresent()) {
      if (c.certificateSubject().isPresent() && matchesSubject(c, certificate)) {
        return Optional.of(ClientCredentials.Method.TLS_CLIENT_AUTH);
      }
      if (c.certificate().isPresent() && registered(c, certificate.get())) {
        return Optional.of(ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH);
      }
    }
    return c.isPublic() ? Optional.of(ClientCredentials.Method.NONE) : Optional.empty();
  }

  /** RFC 8705 section 2.1: the chain verifies against the trusted CAs and the subject DN is the registered one. */
  private boolean matchesSubject(Client c, Optional<ClientCertificate> certificate) {
    return certificate.isPresent() && c.certificateSubject().isPresent()
        && sameDn(certificate.get().leaf().getSubjectX500Principal(), c.certificateSubject().get())
        && trust.verifies(certificate.get(), clock.instant());
  }

  /** Distinguished names compared as X.500 names (RFC 4517 distinguishedNameMatch, as the JDK canonicalises them). */
  static boolean sameDn(X500Principal presented, String registered) {
    try {
      return presented.equals(new X500Principal(registered));
    } catch (IllegalArgumentException e) {
      return presented.getName(X500Principal.RFC2253).equals(registered);
    }
  }

  /** RFC 8705 section 2.2: the presented leaf is the registered certificate, compared by DER. */
  private static boolean registered(Client c, ClientCertificate presented) {
    try {
      return presented.leafEquals(ClientCertificate.parsePem(c.certificate().get()).get(0).getEncoded());
    } catch (IllegalArgumentException | java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }
}
