package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.user.PasswordHasher;
import io.jeton.server.config.ServerConfig;
import io.jeton.testkit.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DPoP over HTTP (RFC 9449, SPEC 8): a real third-party client, the Nimbus OAuth 2.0 SDK with its
 * own proof factory, gets DPoP tokens from a running node unchanged; and a proof replayed to
 * another node of the same cluster is refused there.
 */
class DpopHttpTest {
  private static final Scope READ = new Scope("read");

  private static URI tokenEndpoint(TestNode node) {
    return URI.create(node.issuer("acme") + "/oauth2/token");
  }

  private static String thumbprint(ECKey key) throws Exception {
    return key.toPublicJWK().computeThumbprint("SHA-256").toString();
  }

  private static String cnfJkt(String jwt) throws Exception {
    return (String) ((Map<?, ?>) SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("cnf")).get("jkt");
  }

  @Test
  void nimbusSdk_clientCredentialsWithItsDpopProofFactory_getsADpopBoundToken() throws Exception {
    try (TestNode node = TestNode.start()) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      DPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
      HTTPRequest http = new TokenRequest(tokenEndpoint(node),
          new ClientSecretBasic(new ClientID("app"), new Secret("app-secret")), new ClientCredentialsGrant(), READ)
          .toHTTPRequest();
      http.setDPoP(proofs.createDPoPJWT(http.getMethod().name(), http.getURI()));

      TokenResponse response = TokenResponse.parse(http.send());

      assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
      AccessTokenResponse ok = response.toSuccessResponse();
      assertThat(ok.getTokens().getAccessToken()).isInstanceOf(DPoPAccessToken.class);
      assertThat(ok.getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
      String at = ok.getTokens().getAccessToken().getValue();
      assertThat(cnfJkt(at)).isEqualTo(thumbprint(key));
      assertThat(node.introspect("acme", at).get("token_type").asText()).isEqualTo("DPoP");
    }
  }

  @Test
  void nimbusSdk_passwordThenRefreshWithProofs_bothAnswersAreDpopTokensOfTheSameKey() throws Exception {
    try (TestNode node = TestNode.start()) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      DPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
      ClientSecretBasic app = new ClientSecretBasic(new ClientID("app"), new Secret("app-secret"));
      HTTPRequest login = new TokenRequest(tokenEndpoint(node), app,
          new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("alice-pass")), READ).toHTTPRequest();
      login.setDPoP(proofs.createDPoPJWT(login.getMethod().name(), login.getURI()));
      AccessTokenResponse first = TokenResponse.parse(login.send()).toSuccessResponse();
      RefreshToken refresh = first.getTokens().getRefreshToken();

      HTTPRequest renew = new TokenRequest(tokenEndpoint(node), app, new RefreshTokenGrant(refresh), null)
          .toHTTPRequest();
      renew.setDPoP(proofs.createDPoPJWT(renew.getMethod().name(), renew.getURI()));
      TokenResponse second = TokenResponse.parse(renew.send());

      assertThat(second.indicatesSuccess()).as(String.valueOf(second)).isTrue();
      String at = second.toSuccessResponse().getTokens().getAccessToken().getValue();
      assertThat(second.toSuccessResponse().getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
      assertThat(cnfJkt(at)).isEqualTo(thumbprint(key));
    }
  }

  @Test
  void nimbusSdk_nodeAskingForNonces_answersUseDpopNonceAndTheSdkRetriesWithIt() throws Exception {
    try (TestNode node = TestNode.startWith(c -> c.withDpopNonce(true))) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      DPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
      TokenRequest request = new TokenRequest(tokenEndpoint(node),
          new ClientSecretBasic(new ClientID("app"), new Secret("app-secret")), new ClientCredentialsGrant(), READ);
      HTTPRequest http = request.toHTTPRequest();
      http.setDPoP(proofs.createDPoPJWT(http.getMethod().name(), http.getURI()));
      HTTPResponse refused = http.send();

      TokenErrorResponse error = TokenResponse.parse(refused).toErrorResponse();
      assertThat(refused.getStatusCode()).isEqualTo(400);
      assertThat(error.getErrorObject().getCode()).isEqualTo("use_dpop_nonce");
      assertThat(refused.getDPoPNonce()).isNotNull();

      HTTPRequest retry = request.toHTTPRequest();
      retry.setDPoP(proofs.createDPoPJWT(retry.getMethod().name(), retry.getURI(), refused.getDPoPNonce()));
      TokenResponse ok = TokenResponse.parse(retry.send());
      assertThat(ok.indicatesSuccess()).as(String.valueOf(ok)).isTrue();
      assertThat(ok.toSuccessResponse().getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
    }
  }

  @Test
  void replay_proofUsedOnOneNode_isRefusedOnAnotherNodeOfTheSameDatabase() throws Exception {
    String masterKey = MasterKey.generate().toBase64();
    String publicUrl = "http://jeton.example";
    try (PostgresDatabase db = PostgresDatabase.create();
        JetonServer a = JetonServer.start(node(db, masterKey, publicUrl), TestNode.imports(Duration.ofSeconds(10)));
        JetonServer b = JetonServer.start(node(db, masterKey, publicUrl), TestNode.imports(Duration.ofSeconds(10)))) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
          .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(),
          new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
              .claim("htu", publicUrl + "/realms/acme/oauth2/token").issueTime(new Date()).build());
      proof.sign(new ECDSASigner(key));

      HttpResponse<String> first = post(a, proof.serialize());
      HttpResponse<String> replayed = post(b, proof.serialize());

      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      TestNode.assertError(replayed, 400, "invalid_dpop_proof", "DPoP proof 'jti' has been used before");
    }
  }

  private static ServerConfig node(PostgresDatabase db, String masterKey, String publicUrl) throws Exception {
    Path dir = Files.createTempDirectory("jeton-dpop");
    return new ServerConfig("127.0.0.1", 0, publicUrl, dir, db.url(), PostgresDatabase.USER, "", 4,
        Optional.of(masterKey), Optional.empty(), false, TestNode.MAX_BODY_BYTES, new PasswordHasher.Params(1024, 1, 1),
        2, Duration.ofMillis(250), List.of());
  }

  private static HttpResponse<String> post(JetonServer node, String proof) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + "/realms/acme/oauth2/token"))
        .header("Content-Type", TestNode.FORM).header("Authorization", TestNode.basic("app", "app-secret"))
        .header("DPoP", proof).POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
