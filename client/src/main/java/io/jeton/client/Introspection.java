package io.jeton.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 7662 section 2.2 introspection answer: {@code active}, the named members typed (each
 * empty when the server sent none, and all of them for an inactive token), every member in
 * {@link #claims()}.
 */
public record Introspection(
    boolean active,
    List<String> scopes,
    Optional<String> clientId,
    Optional<String> username,
    Optional<String> tokenType,
    Optional<Instant> expiresAt,
    Optional<Instant> issuedAt,
    Optional<String> subject,
    List<String> audience,
    Optional<String> issuer,
    Optional<String> jwtId,
    Optional<String> sessionId,
    Confirmation confirmation,
    Map<String, Object> claims) {
  public Introspection {
    scopes = List.copyOf(scopes);
    audience = List.copyOf(audience);
  }

  static Introspection parse(Map<String, Object> json) {
    if (!(json.get("active") instanceof Boolean active)) {
      throw new OAuthError("invalid_response", "the introspection answer has no boolean 'active'", 200);
    }
    Object scope = json.get("scope");
    List<String> scopes = scope instanceof String s && !s.isBlank() ? List.of(s.trim().split(" +")) : List.of();
    Object aud = json.get("aud");
    List<String> audience = aud instanceof String a ? List.of(a)
        : aud instanceof List<?> l ? l.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
    Confirmation cnf = Confirmation.NONE;
    if (json.get("cnf") instanceof Map<?, ?> c) {
      cnf = new Confirmation(c.get("jkt") instanceof String j ? Optional.of(j) : Optional.empty(),
          c.get("x5t#S256") instanceof String x ? Optional.of(x) : Optional.empty());
    }
    return new Introspection(active, scopes, string(json, "client_id"), string(json, "username"),
        string(json, "token_type"), time(json, "exp"), time(json, "iat"), string(json, "sub"), audience,
        string(json, "iss"), string(json, "jti"), string(json, "sid"), cnf, java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(json)));
  }

  /** Whether the token carries this scope. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  private static Optional<String> string(Map<String, Object> json, String name) {
    return json.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static Optional<Instant> time(Map<String, Object> json, String name) {
    return json.get(name) instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
  }
}
