package io.jeton.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import io.jeton.client.AccessTokenVerifier;
import io.jeton.client.VerifiedAccessToken;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offline verification of one Jeton access token (RFC 9068) by the Java SDK's {@link
 * AccessTokenVerifier} (signature, {@code typ}, {@code iss}, {@code aud}, {@code exp}, {@code
 * cnf}), its JWKS fetched once over HTTP from a loopback server and then cached; beside two
 * peers measured in the same run: Nimbus's {@link DefaultJWTProcessor} with the same checks over
 * the same keys (what a resource server would otherwise write), and Jeton's own {@link
 * TokenCodec#decode} (what introspection pays for a token it has not verified before). The token
 * is signed by a core {@link KeyRing} on an {@link InMemoryKeyStore}; no database.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -jar bench/target/benchmarks.jar
 * AccessTokenVerifierBenchmark} (add {@code -t 2} to load both cores, {@code -p alg=ES256} for one
 * algorithm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessTokenVerifierBenchmark {
  private static final String AUDIENCE = "orders-api";

  /** The realm's signing algorithm (Nimbus verifies EdDSA only with Google Tink, absent here). */
  @Param({"ES256", "RS256"})
  public String alg;

  private HttpServer jwksServer;
  private AccessTokenVerifier sdk;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private TokenCodec codec;
  private Realm realm;
  private String token;

  @Setup
  public void setUp() throws Exception {
    realm = new Realm(RealmName.of("bench"), "bench", Optional.of(AUDIENCE), Duration.ofHours(1), null, null, null,
        SigningAlgorithm.valueOf(alg), null);
    KeyRing ring = new KeyRing(new InMemoryKeyStore(), MasterKey.generate(), InstantSource.system());
    codec = new TokenCodec(ring);
    String issuer = "http://127.0.0.1:8080/realms/bench";
    Instant now = Instant.now();
    token = codec.encode(realm, new AccessClaims(issuer, "bench-client", List.of(AUDIENCE),
        now.plus(realm.accessTokenTtl()), now, Tokens.random(16), ClientId.of("bench-client"),
        List.of("orders:read"), Optional.empty()));
    byte[] jwks = ring.keys(realm).jwksJson().getBytes(StandardCharsets.UTF_8);

    jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    jwksServer.createContext("/jwks", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
      ex.sendResponseHeaders(200, jwks.length);
      try (var out = ex.getResponseBody()) {
        out.write(jwks);
      }
    });
    jwksServer.start();
    sdk = AccessTokenVerifier.newBuilder().issuer(URI.create(issuer)).audience(AUDIENCE)
        .jwksUri(URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks")).build();
    sdk.verify(token); // fetches the JWKS; every measured call uses the cached keys

    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg),
        new ImmutableJWKSet<>(JWKSet.parse(new String(jwks, StandardCharsets.UTF_8)))));
    nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "jti", "client_id")));
  }

  @TearDown
  public void tearDown() {
    jwksServer.stop(0);
  }

  /** The SDK: parse, algorithm and typ, cached key by kid, signature, claims, cnf. */
  @Benchmark
  public VerifiedAccessToken sdkVerify() {
    return sdk.verify(token);
  }

  /** Nimbus's DefaultJWTProcessor with the same checks over an immutable JWK Set. */
  @Benchmark
  public JWTClaimsSet nimbusProcessor() throws Exception {
    return nimbus.process(token, null);
  }

  /** Jeton's own verification of its tokens (core TokenCodec). */
  @Benchmark
  public Optional<AccessClaims> coreDecode() {
    return codec.decode(realm, token);
  }
}
