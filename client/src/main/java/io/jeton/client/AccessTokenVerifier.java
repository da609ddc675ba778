package io.jeton.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Verifies JWT access tokens offline (RFC 9068 section 4) against the realm's JWK Set, fetched
 * from its JWKS endpoint and cached: a {@code kid} the cache lacks refetches it, at most once
 * per {@code jwksMinRefetchInterval}.
 *
 * <p>Checks, in order: the JWS algorithm is on the allow-list (asymmetric only: a JWKS carries
 * no shared secret; {@code none} never); {@code typ} is {@code at+jwt} (RFC 9068 section 4:
 * "Resource servers MUST verify that the typ header value is at+jwt or application/at+jwt"; a
 * realm with {@code accessTokenTyp: JWT} needs {@code acceptedTypes("JWT")}); no {@code crit}
 * header; the signature, by a key of that {@code kid} whose type fits the algorithm; {@code iss}
 * is the configured issuer exactly; {@code aud} contains an accepted audience; {@code exp} has
 * not passed and {@code nbf} and {@code iat} are not in the future, each with {@code clockSkew};
 * and the token's {@code cnf}: {@link #verify(String)} refuses a token bound to a key (a bound
 * token presented as a bearer token is a stolen one until proven otherwise), {@link
 * #verify(String, TokenBinding)} requires the binding to match.
 *
 * <p>A refusal is an {@link OAuthError} {@code invalid_token} (401) whose description says why;
 * no JWKS to verify with at all is an {@link java.io.UncheckedIOException}. Immutable and safe
 * for any number of threads.
 */
public final class AccessTokenVerifier {
  private final Builder config;
  private final String issuer;
  private final Set<String> audiences;
  private final Set<JWSAlgorithm> algorithms;
  private final Set<String> types;
  private final long skewSeconds;
  private final InstantSource clock;
  private final JwksCache jwks;

  private AccessTokenVerifier(Builder b) {
    this.config = b.copy();
    this.issuer = b.issuer;
    this.audiences = Set.copyOf(b.audiences);
    this.algorithms = Set.copyOf(b.algorithms);
    this.types = b.types.stream().map(AccessTokenVerifier::mediaType).collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.skewSeconds = b.clockSkew.toSeconds();
    this.clock = b.clock;
    URI jwksUri = b.jwksUri != null ? b.jwksUri : URI.create(b.issuer + "/oauth2/jwks");
    this.jwks = new JwksCache(jwksUri, new Transport(b.http != null ? b.http : Transport.defaultClient(),
        b.requestTimeout), b.ticker, b.jwksMinRefetchInterval.toNanos(), b.jwksMaxAge.toNanos());
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this verifier's configuration, for a variant (with its own key cache). */
  public Builder toBuilder() {
    return config.copy();
  }

  /** Verifies a bearer token: everything above, and no {@code cnf}. */
  public VerifiedAccessToken verify(String token) {
    VerifiedAccessToken t = verifyUnbound(token);
    if (t.confirmation().bound()) {
      throw OAuthError.invalidToken("the token is bound to a key (cnf); verify it with the request's key");
    }
    return t;
  }

  /** Verifies a token bound to the key the request proved it holds: everything above, and {@code cnf} names it. */
  public VerifiedAccessToken verify(String token, TokenBinding binding) {
    Objects.requireNonNull(binding, "binding");
    VerifiedAccessToken t = verifyUnbound(token);
    if (!binding.matches(t.confirmation())) {
      throw OAuthError.invalidToken(t.confirmation().bound() ? "the token is bound to another key"
          : "the token is not bound to a key");
    }
    return t;
  }

  private VerifiedAccessToken verifyUnbound(String token) {
    if (token == null || token.isEmpty()) {
      throw OAuthError.invalidToken("no token");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw OAuthError.invalidToken("not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm alg = header.getAlgorithm();
    if (!algorithms.contains(alg)) {
      throw OAuthError.invalidToken("algorithm '" + alg + "' is not accepted");
    }
    JOSEObjectType typ = header.getType();
    if (typ == null || !types.contains(mediaType(typ.getType()))) {
      throw OAuthError.invalidToken("typ '" + (typ == null ? "" : typ) + "' is not an accepted access token type");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw OAuthError.invalidToken("critical header parameters are not understood: " + header.getCriticalParams());
    }
    String kid = header.getKeyID();
    List<JwksCache.Key> keys = jwks.keys(kid, alg);
    if (keys.isEmpty()) {
      throw OAuthError.invalidToken(kid == null ? "no key of the JWKS fits the token"
          : "unknown key id '" + kid + "'");
    }
    boolean verified = false;
    for (JwksCache.Key k : keys) {
      try {
        if (k.verify(jwt)) {
          verified = true;
          break;
        }
      } catch (JOSEException e) {
        // try the next key; none verifies: refused below
      }
    }
    if (!verified) {
      throw OAuthError.invalidToken("bad signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthError.invalidToken("the claims are not a JSON object");
    }
    return check(claims, kid);
  }

  private VerifiedAccessToken check(JWTClaimsSet c, String kid) {
    if (!issuer.equals(c.getIssuer())) {
      throw OAuthError.invalidToken("issuer '" + c.getIssuer() + "' is not '" + issuer + "'");
    }
    List<String> aud = c.getAudience();
    if (aud.stream().noneMatch(audiences::contains)) {
      throw OAuthError.invalidToken("audience " + aud + " is not one of " + audiences);
    }
    long now = clock.instant().getEpochSecond();
    Date exp = c.getExpirationTime();
    if (exp == null) {
      throw OAuthError.invalidToken("no exp");
    }
    if (now >= seconds(exp) + skewSeconds) {
      throw OAuthError.invalidToken("expired at " + exp.toInstant());
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && now < seconds(nbf) - skewSeconds) {
      throw OAuthError.invalidToken("not valid before " + nbf.toInstant());
    }
    Date iat = c.getIssueTime();
    if (iat != null && now < seconds(iat) - skewSeconds) {
      throw OAuthError.invalidToken("issued in the future, at " + iat.toInstant());
    }
    if (c.getSubject() == null) {
      throw OAuthError.invalidToken("no sub");
    }
    Object scope = c.getClaim("scope");
    List<String> scopes = scope instanceof String s && !s.isBlank() ? List.of(s.trim().split(" +")) : List.of();
    return new VerifiedAccessToken(c.getIssuer(), c.getSubject(), aud, exp.toInstant(),
        Optional.ofNullable(iat).map(Date::toInstant), Optional.ofNullable(c.getJWTID()),
        Optional.ofNullable(string(c, "client_id")), scopes, Optional.ofNullable(string(c, "sid")),
        confirmation(c), kid, c.getClaims());
  }

  private static Confirmation confirmation(JWTClaimsSet c) {
    if (!(c.getClaim("cnf") instanceof Map<?, ?> cnf)) {
      if (c.getClaim("cnf") != null) {
        throw OAuthError.invalidToken("cnf is not a JSON object");
      }
      return Confirmation.NONE;
    }
    Optional<String> jkt = cnf.get("jkt") instanceof String s ? Optional.of(s) : Optional.empty();
    Optional<String> x5t = cnf.get("x5t#S256") instanceof String s ? Optional.of(s) : Optional.empty();
    if (jkt.isEmpty() && x5t.isEmpty()) {
      // RFC 7800 section 3.4: a confirmation method the recipient does not understand
      throw OAuthError.invalidToken("cnf names no key this verifier understands");
    }
    return new Confirmation(jkt, x5t);
  }

  private static String string(JWTClaimsSet c, String name) {
    return c.getClaim(name) instanceof String s ? s : null;
  }

  private static long seconds(Date d) {
    return Math.floorDiv(d.getTime(), 1000);
  }

  /** RFC 9068 section 4 and RFC 8725 section 3.11: {@code application/at+jwt} and {@code at+jwt} are the same type. */
  private static String mediaType(String typ) {
    String t = typ.toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring("application/".length()) : t;
  }

  /** Configures an {@link AccessTokenVerifier}; {@link #build()} checks it. */
  public static final class Builder {
    private String issuer;
    private final Set<String> audiences = new LinkedHashSet<>();
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(
        List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));
    private final Set<String> types = new LinkedHashSet<>(List.of("at+jwt"));
    private URI jwksUri;
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration jwksMinRefetchInterval = Duration.ofSeconds(30);
    private Duration jwksMaxAge = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient http;
    private InstantSource clock = InstantSource.system();
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /** The realm's issuer, its tokens' exact {@code iss} (required); the JWKS is {@code {issuer}/oauth2/jwks}. */
    public Builder issuer(URI issuer) {
      this.issuer = Endpoints.trim(Objects.requireNonNull(issuer, "issuer"));
      return this;
    }

    /** The JWKS endpoint, for a server laid out otherwise (Jeton's metadata {@code jwks_uri}). */
    public Builder jwksUri(URI uri) {
      this.jwksUri = Objects.requireNonNull(uri, "jwksUri");
      return this;
    }

    /** Audiences this resource server answers to (at least one): a token's {@code aud} must contain one. */
    public Builder audience(String... audience) {
      for (String a : audience) {
        audiences.add(Objects.requireNonNull(a, "audience"));
      }
      return this;
    }

    /** The accepted JWS algorithms, replacing the default ES256, RS256 and EdDSA (asymmetric only). */
    public Builder algorithms(String... names) {
      Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
      for (String n : names) {
        JWSAlgorithm a = JWSAlgorithm.parse(n);
        if (!JWSAlgorithm.Family.SIGNATURE.contains(a)) {
          throw new IllegalArgumentException("algorithm '" + n + "' cannot be verified with a public key");
        }
        chosen.add(a);
        if (a.equals(JWSAlgorithm.EdDSA) || a.equals(JWSAlgorithm.Ed25519)) {
          chosen.addAll(List.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519)); // RFC 9864's name for the same
        }
      }
      if (chosen.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm is required");
      }
      algorithms.clear();
      algorithms.addAll(chosen);
      return this;
    }

    /** The accepted {@code typ} values, replacing {@code at+jwt} (for example {@code "at+jwt", "JWT"}). */
    public Builder acceptedTypes(String... typ) {
      if (typ.length == 0) {
        throw new IllegalArgumentException("at least one typ is required");
      }
      types.clear();
      types.addAll(Arrays.asList(typ));
      return this;
    }

    /** The clock difference tolerated on {@code exp}, {@code nbf} and {@code iat} (default 30 s). */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = nonNegative(skew, "clockSkew");
      return this;
    }

    /** The least time between two JWKS fetches for unknown key ids (default 30 s). */
    public Builder jwksMinRefetchInterval(Duration d) {
      this.jwksMinRefetchInterval = nonNegative(d, "jwksMinRefetchInterval");
      return this;
    }

    /**
     * How long a fetched JWKS is used before it is fetched again (default 5 min: Jeton publishes a
     * new key {@code keyPublishSeconds}, 10 min by default, before it signs).
     */
    public Builder jwksMaxAge(Duration d) {
      this.jwksMaxAge = nonNegative(d, "jwksMaxAge");
      return this;
    }

    /** The timeout of a JWKS fetch (default 10 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "httpClient");
      return this;
    }

    /** The wall clock that {@code exp}, {@code nbf} and {@code iat} are checked against. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic clock of the JWKS cache, in nanoseconds; tests move it. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public AccessTokenVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer is required");
      }
      if (audiences.isEmpty()) {
        throw new IllegalStateException("at least one audience is required (RFC 9068 section 4)");
      }
      return new AccessTokenVerifier(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.issuer = issuer;
      b.audiences.addAll(audiences);
      b.algorithms.clear();
      b.algorithms.addAll(algorithms);
      b.types.clear();
      b.types.addAll(types);
      b.jwksUri = jwksUri;
      b.clockSkew = clockSkew;
      b.jwksMinRefetchInterval = jwksMinRefetchInterval;
      b.jwksMaxAge = jwksMaxAge;
      b.requestTimeout = requestTimeout;
      b.http = http;
      b.clock = clock;
      b.ticker = ticker;
      return b;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
