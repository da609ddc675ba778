package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.server.config.ServerConfig;
import io.jeton.server.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS listener and RFC 8705 end to end (SPEC section 8): real TLS handshakes with
 * certificates made in the test (Bouncy Castle), {@code java.net.http.HttpClient} as the client;
 * {@code tls_client_auth}, {@code self_signed_tls_client_auth}, C1's certificate-and-secret
 * login, certificate-bound tokens ({@code cnf.x5t#S256}) in the JWT, introspection and C1
 * validate, the protocol floor, and the trusted-proxy header.
 */
class MutualTlsTest {
  static final String SUBJECT = "CN=ca-client,O=Acme";
  static final String C1_SUBJECT = "CN=c1app,O=Acme";

  static Path dir;
  static TestPki.Identity ca;
  static TestPki.Identity otherCa;
  static TestPki.Identity caClient;
  static TestPki.Identity selfClient;
  static TestPki.Identity c1Cert;
  static JetonServer tls;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("jeton-tls");
    ca = TestPki.ca("CN=Jeton Test CA");
    otherCa = TestPki.ca("CN=Jeton Test CA");
    caClient = ca.issue(SUBJECT);
    selfClient = TestPki.selfSigned("CN=self-client");
    c1Cert = ca.issue(C1_SUBJECT);
    ca.issueServer().write(dir, "server");
    Files.writeString(dir.resolve("clients-ca.pem"), ca.certPem());
    ServerConfig.Tls settings = new ServerConfig.Tls(Optional.of(dir.resolve("server.crt")),
        Optional.of(dir.resolve("server.key")), ServerConfig.Tls.ClientAuth.OPTIONAL,
        Optional.of(dir.resolve("clients-ca.pem")), "", List.of());
    tls = JetonServer.start(TestNode.config(dir.resolve("tls")).withTls(settings), imports(), mounts());
  }

  @AfterAll
  static void stop() {
    if (tls != null) {
      tls.close();
    }
  }

  static List<RealmImport> imports() {
    Realm acme = new Realm(new RealmName("acme"), "c1portal", Optional.empty(), Duration.ofSeconds(3600), null, null,
        Duration.ofSeconds(10), SigningAlgorithm.ES256, null);
    Set<String> all = Set.of("password", "refresh_token", "client_credentials");
    return List.of(new RealmImport(acme, List.of(
        new ClientImport("caClient", Optional.empty(), all, Set.of("read"), Optional.of(SUBJECT), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of(), false),
        new ClientImport("selfClient", Optional.empty(), all, Set.of("read"), Optional.empty(), false, 0, Optional.empty(), List.of(),
            Optional.of(selfClient.certPem()), List.of(), false),
        new ClientImport("c1app", Optional.of("c1-secret"), all, Set.of("read"), Optional.of(C1_SUBJECT), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of(), false),
        new ClientImport("bound", Optional.of("bound-secret"), all, Set.of("read"), Optional.empty(), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of(), true),
        new ClientImport("tlsOnly", Optional.of("tls-only-secret"), all, Set.of("read"), Optional.of(SUBJECT), false,
            0, Optional.empty(), List.of(), Optional.empty(), List.of("tls_client_auth"), false),
        new ClientImport("app", Optional.of("app-secret"), all, Set.of("read"), Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of("customerId", "c-1")))));
  }

  static Map<String, DialectMount> mounts() {
    return Map.of("c1", new DialectMount("c1", true, "", Optional.of(new RealmName("acme")), Optional.empty(),
        Optional.empty()));
  }

  // --- RFC 8705 section 2.1: tls_client_auth

  @Test
  void token_caIssuedCertificateWithTheRegisteredSubject_issuesATokenBoundToIt() throws Exception {
    HttpResponse<String> r = token(client(caClient), "grant_type", "client_credentials", "client_id", "caClient");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String accessToken = json(r).get("access_token").asText();
    assertThat(claims(accessToken).path("cnf").path("x5t#S256").asText()).isEqualTo(thumbprint(caClient));
    JsonNode introspection = json(introspect(accessToken));
    assertThat(introspection.path("active").asBoolean()).isTrue();
    assertThat(introspection.path("cnf").path("x5t#S256").asText()).isEqualTo(thumbprint(caClient));
  }

  @Test
  void token_sameSubjectFromAnotherCa_is401InvalidClient() throws Exception {
    HttpResponse<String> r = token(client(otherCa.issue(SUBJECT)), "grant_type", "client_credentials",
        "client_id", "caClient");

    assertInvalidClient(r);
  }

  @Test
  void token_expiredCaIssuedCertificate_is401InvalidClient() throws Exception {
    Instant now = Instant.now();
    TestPki.Identity expired = ca.issue(SUBJECT, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));

    assertInvalidClient(token(client(expired), "grant_type", "client_credentials", "client_id", "caClient"));
  }

  @Test
  void token_caIssuedCertificateWithAnotherSubject_is401InvalidClient() throws Exception {
    assertInvalidClient(token(client(ca.issue("CN=intruder,O=Acme")), "grant_type", "client_credentials",
        "client_id", "caClient"));
  }

  @Test
  void token_noCertificateOnlyTheClientId_is401InvalidClient() throws Exception {
    assertInvalidClient(token(client(null), "grant_type", "client_credentials", "client_id", "caClient"));
  }

  // --- RFC 8705 section 2.2: self_signed_tls_client_auth

  @Test
  void token_registeredSelfSignedCertificate_issuesATokenBoundToIt() throws Exception {
    HttpResponse<String> r = token(client(selfClient), "grant_type", "client_credentials", "client_id", "selfClient");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(claims(json(r).get("access_token").asText()).path("cnf").path("x5t#S256").asText())
        .isEqualTo(thumbprint(selfClient));
  }

  @Test
  void token_unregisteredSelfSignedCertificateWithTheSameSubject_is401InvalidClient() throws Exception {
    assertInvalidClient(token(client(TestPki.selfSigned("CN=self-client")), "grant_type", "client_credentials",
        "client_id", "selfClient"));
  }

  // --- authMethods and certificateBoundTokens

  @Test
  void token_secretOfAClientAllowedOnlyTlsClientAuth_is401EvenWithItsCertificate() throws Exception {
    HttpResponse<String> r = token(client(caClient), "grant_type", "client_credentials", "client_id", "tlsOnly",
        "client_secret", "tls-only-secret");

    assertInvalidClient(r);
    assertThat(token(client(caClient), "grant_type", "client_credentials", "client_id", "tlsOnly").statusCode())
        .isEqualTo(200);
  }

  @Test
  void token_certificateBoundTokensClientWithItsSecretOverMtls_getsABoundTokenAndWithoutACertificateAnUnboundOne()
      throws Exception {
    TestPki.Identity any = TestPki.selfSigned("CN=whatever");
    HttpResponse<String> bound = token(client(any), "grant_type", "client_credentials", "client_id", "bound",
        "client_secret", "bound-secret");
    HttpResponse<String> plain = token(client(null), "grant_type", "client_credentials", "client_id", "bound",
        "client_secret", "bound-secret");

    assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
    assertThat(claims(json(bound).get("access_token").asText()).path("cnf").path("x5t#S256").asText())
        .isEqualTo(thumbprint(any));
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    assertThat(claims(json(plain).get("access_token").asText()).has("cnf")).isFalse();
  }

  // --- C1 (seed 000): Basic and the matching certificate, both

  @Test
  void c1Login_rightCertificateAndSecret_is200WithABoundTokenThatValidateShows() throws Exception {
    HttpResponse<String> r = c1Login(client(c1Cert), "c1-secret");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String accessToken = json(r).get("accessToken").asText();
    assertThat(claims(accessToken).path("cnf").path("x5t#S256").asText()).isEqualTo(thumbprint(c1Cert));
    HttpResponse<String> v = client(c1Cert).send(HttpRequest.newBuilder(URI.create(base() + "/auth/validate?accessToken="
        + accessToken)).header("Authorization", TestNode.basic("c1app", "c1-secret")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(v.statusCode()).as(v.body()).isEqualTo(200);
    assertThat(json(v).path("cnf").path("x5t#S256").asText()).isEqualTo(thumbprint(c1Cert));
  }

  @Test
  void c1Login_noCertificate_is401NotAuthorized() throws Exception {
    assertNotAuthorized(c1Login(client(null), "c1-secret"));
  }

  @Test
  void c1Login_wrongCertificate_is401NotAuthorized() throws Exception {
    assertNotAuthorized(c1Login(client(caClient), "c1-secret"));
    assertNotAuthorized(c1Login(client(otherCa.issue(C1_SUBJECT)), "c1-secret"));
  }

  @Test
  void c1Login_rightCertificateWrongSecret_is401NotAuthorized() throws Exception {
    assertNotAuthorized(c1Login(client(c1Cert), "wrong-secret"));
  }

  // --- the listener

  @Test
  void metadata_overTls_listsTheCertificateMethodsAndBoundTokensAndAnHttpsIssuer() throws Exception {
    HttpResponse<String> r = client(null).send(HttpRequest.newBuilder(URI.create(base()
        + "/realms/acme/.well-known/oauth-authorization-server")).GET().build(), HttpResponse.BodyHandlers.ofString());

    JsonNode m = json(r);
    assertThat(m.path("issuer").asText()).isEqualTo("https://localhost:" + tls.port() + "/realms/acme");
    assertThat(m.path("token_endpoint_auth_methods_supported")).extracting(JsonNode::asText)
        .contains("client_secret_basic", "client_secret_post", "tls_client_auth", "self_signed_tls_client_auth");
    assertThat(m.path("tls_client_certificate_bound_access_tokens").asBoolean()).isTrue();
  }

  @Test
  void tls12Client_isServedAndTls13IsTheDefault() throws Exception {
    HttpClient tls12 = HttpClient.newBuilder().sslContext(TestPki.clientContext(null))
        .sslParameters(new SSLParameters(null, new String[] {"TLSv1.2"})).version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> r = tls12.send(HttpRequest.newBuilder(URI.create(base() + "/health/live")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
    HttpResponse<String> d = client(null).send(HttpRequest.newBuilder(URI.create(base() + "/health/live")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(d.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
  }

  /**
   * A client that offers TLS 1.1 at most (a hand-made ClientHello: the JDK's own client would not
   * even send one) gets an alert or a closed connection, never a ServerHello.
   */
  @Test
  void tls11ClientHello_isRefusedWithoutAServerHello() throws Exception {
    try (Socket s = new Socket("127.0.0.1", tls.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(clientHello(0x0302));
      out.flush();
      InputStream in = s.getInputStream();
      int contentType;
      try {
        contentType = in.read();
      } catch (java.net.SocketException e) {
        contentType = -1;
      }
      assertThat(contentType).as("21 = alert, -1 = closed; 22 would be a ServerHello").isIn(21, -1);
    }
  }

  @Test
  void plainHttpToTheTlsPort_isNotServed() throws Exception {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tls.port() + "/health/live"))
        .timeout(Duration.ofSeconds(5)).GET().build();

    Optional<Integer> status;
    try {
      status = Optional.of(plain.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
    } catch (IOException e) {
      status = Optional.empty();
    }
    assertThat(status).isNotEqualTo(Optional.of(200));
  }

  // --- helpers

  static String base() {
    return "https://127.0.0.1:" + tls.port();
  }

  static HttpClient client(TestPki.Identity identity) {
    SSLContext ctx = TestPki.clientContext(identity);
    return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpResponse<String> token(HttpClient c, String... form) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(base() + "/realms/acme/oauth2/token"))
        .header("Content-Type", TestNode.FORM).POST(HttpRequest.BodyPublishers.ofString(TestNode.form(form))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> introspect(String token) throws Exception {
    return client(null).send(HttpRequest.newBuilder(URI.create(base() + "/realms/acme/oauth2/introspect"))
        .header("Content-Type", TestNode.FORM).header("Authorization", TestNode.basic("app", "app-secret"))
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> c1Login(HttpClient c, String secret) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(base() + "/auth/login"))
        .header("Content-Type", "application/json").header("Authorization", TestNode.basic("c1app", secret))
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-pass\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertInvalidClient(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(json(r).path("error").asText()).isEqualTo("invalid_client");
  }

  static void assertNotAuthorized(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"code\":401,\"message\":\"Not authorized\"}");
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return TestNode.JSON.readTree(r.body());
  }

  static JsonNode claims(String jwt) throws IOException {
    return TestNode.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** RFC 8705 section 3.1: base64url(SHA-256(DER of the certificate)). */
  static String thumbprint(TestPki.Identity id) throws Exception {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(id.leaf().getEncoded()));
  }

  /** A TLS ClientHello record offering at most {@code version} (0x0302 = TLS 1.1), CBC suites, P-256. */
  static byte[] clientHello(int version) {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    int[] suites = {0xC009, 0xC013, 0x002F, 0x0035};
    byte[] groups = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17};
    byte[] points = {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
    ByteBuffer body = ByteBuffer.allocate(512);
    body.putShort((short) version).put(random).put((byte) 0);
    body.putShort((short) (suites.length * 2));
    for (int suite : suites) {
      body.putShort((short) suite);
    }
    body.put((byte) 1).put((byte) 0);
    body.putShort((short) (groups.length + points.length)).put(groups).put(points);
    int n = body.position();
    ByteBuffer rec = ByteBuffer.allocate(n + 9);
    rec.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (n + 4));
    rec.put((byte) 1).put((byte) (n >> 16)).put((byte) (n >> 8)).put((byte) n);
    rec.put(body.array(), 0, n);
    return rec.array();
  }
}
