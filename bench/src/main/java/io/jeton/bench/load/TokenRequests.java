package io.jeton.bench.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code client_credentials} token requests of each mode, as the bytes of whole HTTP/1.1
 * requests. A mode without a signature sends the same bytes every time; {@code tls-pkjwt} signs a
 * fresh client assertion and {@code tls-dpop} a fresh proof for every request, in the calling
 * worker thread (client cost: the latency a worker records starts after the signature).
 */
final class TokenRequests {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  /** RFC 7523 section 3 item 4: a short-lived assertion; the server allows at most 5 minutes. */
  private static final long ASSERTION_LIFETIME_MS = 60_000;

  /** Who each mode's client is, and the private key of the {@code private_key_jwt} client. */
  record Clients(String secretId, String secret, String dpopId, String dpopSecret, String mtlsId, String selfId,
      String pkjwtId, ECKey pkjwtKey) {}

  /** The next request of one worker; one instance per worker thread, not thread-safe. */
  interface Source {
    byte[] next() throws JOSEException;
  }

  private final URI url;
  private final Clients clients;
  private final String head;

  /** @param url the token endpoint; also the assertion's {@code aud} and the proof's {@code htu} */
  TokenRequests(URI url, Clients clients) {
    this.url = url;
    this.clients = clients;
    String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    this.head = "POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port(url)
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n";
  }

  static int port(URI url) {
    return url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
  }

  Source source(Mode mode) throws JOSEException {
    return switch (mode) {
      case HTTP_SECRET, TLS_SECRET -> fixed(basic(clients.secretId(), clients.secret()), "grant_type=client_credentials");
      case TLS_MTLS -> fixed("", "grant_type=client_credentials&client_id=" + form(clients.mtlsId()));
      case TLS_MTLS_SELF -> fixed("", "grant_type=client_credentials&client_id=" + form(clients.selfId()));
      case TLS_PKJWT -> pkjwt();
      case TLS_DPOP -> dpop();
    };
  }

  private Source fixed(String headers, String body) {
    byte[] request = request(headers, body);
    return () -> request;
  }

  /** RFC 7523 sections 2.2 and 3: iss = sub = the client id, aud = the token endpoint, exp, a new jti. */
  private Source pkjwt() throws JOSEException {
    ECKey key = Objects.requireNonNull(clients.pkjwtKey(), "tls-pkjwt needs the client's private key");
    ECDSASigner signer = new ECDSASigner(key);
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
    String prefix = "grant_type=client_credentials&client_assertion_type=" + form(JWT_BEARER) + "&client_assertion=";
    String aud = url.toString();
    return () -> {
      long now = System.currentTimeMillis();
      SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().issuer(clients.pkjwtId())
          .subject(clients.pkjwtId()).audience(aud).jwtID(UUID.randomUUID().toString())
          .issueTime(new Date(now)).expirationTime(new Date(now + ASSERTION_LIFETIME_MS)).build());
      jwt.sign(signer);
      return request("", prefix + jwt.serialize());
    };
  }

  /**
   * RFC 9449 section 4.2: typ dpop+jwt, the public key in jwk, and jti, htm, htu, iat; one P-256
   * key per worker (one client instance per connection), a new jti per proof.
   */
  private Source dpop() throws JOSEException {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    ECDSASigner signer = new ECDSASigner(key);
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK()).build();
    String auth = basic(clients.dpopId(), clients.dpopSecret());
    String htu = url.toString();
    return () -> {
      SignedJWT proof = new SignedJWT(header, new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
          .claim("htm", "POST").claim("htu", htu).issueTime(new Date()).build());
      proof.sign(signer);
      return request(auth + "DPoP: " + proof.serialize() + "\r\n", "grant_type=client_credentials");
    };
  }

  /** RFC 6749 section 2.3.1: the form-encoded id and secret, joined by a colon, in base64. */
  private static String basic(String id, String secret) {
    String pair = form(id) + ":" + form(secret);
    return "Authorization: Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))
        + "\r\n";
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private byte[] request(String headers, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    byte[] h = (head + headers + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }
}
