package io.jeton.core.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.keys.PublicJwks;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The checks of a {@code private_key_jwt} client assertion, RFC 7523 section 3, except the one-use
 * {@code jti}, which the caller records afterwards (only a verified assertion may spend a {@code
 * jti}, so that an unsigned one cannot burn a legitimate client's identifiers). Pure: no store, no
 * clock of its own.
 */
final class ClientAssertion {
  /** SPEC 8: "{@code exp} at most 5 minutes ahead". */
  static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
  /** Clock difference tolerated between the client and Jeton, on {@code exp}, {@code nbf} and {@code iat}. */
  static final Duration SKEW = Duration.ofSeconds(30);
  /** Longer assertions are refused before parsing; a real one is well under 2 KiB. */
  static final int MAX_LENGTH = 8192;
  /** The replay store keeps {@code jti}s up to this length. */
  static final int MAX_JTI_LENGTH = 255;

  private ClientAssertion() {}

  /** What the checks found. */
  sealed interface Result {
    /** @param keepUntil how long the {@code jti} must stay recorded: as long as the assertion could be accepted */
    record Valid(String jti, Instant keepUntil) implements Result {}

    /** @param reason for the audit trail, never sent to the client */
    record Invalid(String reason) implements Result {}
  }

  /**
   * Checks that {@code assertion} is a JWT signed by a key of {@code keys}, {@code client}'s JWK Set, with an
   * asymmetric algorithm, {@code iss} = {@code sub} = the client id, an {@code aud} among {@code
   * audiences}, an {@code exp} not passed and at most {@link #MAX_LIFETIME} ahead, and a {@code jti}.
   */
  static Result check(String assertion, Client client, PublicJwks keys, List<String> audiences, Instant now) {
    if (client.jwks().isEmpty()) {
      return invalid("client has no registered jwks");
    }
    if (assertion.length() > MAX_LENGTH) {
      return invalid("assertion longer than " + MAX_LENGTH + " characters");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      // a JWT with "alg": "none" is not a JWS and fails to parse here
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return invalid("assertion is not a signed JWT");
    }
    // RFC 7523 section 3, item 9: "The JWT MUST be digitally signed"; asymmetric algorithms only
    if (!PublicJwks.ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
      return invalid("alg '" + jwt.getHeader().getAlgorithm() + "' is not allowed");
    }
    if (!signedByOneOf(jwt, keys.verifiers(jwt.getHeader()))) {
      return invalid("signature does not verify with the client's jwks");
    }
    String id = client.id().value();
    // item 1: iss "MUST contain the client_id"; item 2.B: sub "MUST be the client_id"
    if (!id.equals(claims.getIssuer())) {
      return invalid("iss is not the client id");
    }
    if (!id.equals(claims.getSubject())) {
      return invalid("sub is not the client id");
    }
    // item 3: aud identifies the authorization server (its issuer or token endpoint URL)
    if (claims.getAudience().stream().noneMatch(audiences::contains)) {
      return invalid("aud names neither the issuer nor the token endpoint");
    }
    // item 4: exp "MUST" be present and not passed; SPEC 8: at most 5 minutes ahead
    Instant exp = instant(claims.getExpirationTime());
    if (exp == null) {
      return invalid("no exp");
    }
    if (!exp.isAfter(now.minus(SKEW))) {
      return invalid("expired");
    }
    if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
      return invalid("exp more than " + MAX_LIFETIME.toMinutes() + " minutes ahead");
    }
    // item 5: nbf, if present, not in the future; iat likewise
    Instant nbf = instant(claims.getNotBeforeTime());
    Instant iat = instant(claims.getIssueTime());
    if ((nbf != null && nbf.isAfter(now.plus(SKEW))) || (iat != null && iat.isAfter(now.plus(SKEW)))) {
      return invalid("nbf or iat in the future");
    }
    // item 7: jti, one use (recorded by the caller)
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      return invalid("no jti, or one longer than " + MAX_JTI_LENGTH + " characters");
    }
    return new Result.Valid(jti, exp.plus(SKEW));
  }

  private static boolean signedByOneOf(SignedJWT jwt, List<JWSVerifier> verifiers) {
    for (JWSVerifier v : verifiers) {
      try {
        if (jwt.verify(v)) {
          return true;
        }
      } catch (JOSEException | RuntimeException e) {
        // a malformed signature for this key type: not verified by it
      }
    }
    return false;
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  private static Result invalid(String reason) {
    return new Result.Invalid(reason);
  }
}
