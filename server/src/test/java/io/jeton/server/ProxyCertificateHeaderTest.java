package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.server.config.ServerConfig;
import io.jeton.server.tls.TestPki;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS-terminating proxy (SPEC section 8): {@code tls.proxyCertHeader} carries the
 * client's certificate as URL-encoded PEM (nginx {@code $ssl_client_escaped_cert}), honoured only
 * from {@code tls.trustedProxies}. The attack: a client that reaches Jeton directly sends the
 * header with a certificate it does not hold (certificates are public) to act as that client.
 */
class ProxyCertificateHeaderTest {
  static final String SUBJECT = "CN=ca-client,O=Acme";
  static TestPki.Identity ca;
  static TestPki.Identity caClient;
  static JetonServer trusting;
  static JetonServer elsewhere;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("jeton-proxy");
    ca = TestPki.ca("CN=Jeton Test CA");
    caClient = ca.issue(SUBJECT);
    Files.writeString(dir.resolve("clients-ca.pem"), ca.certPem());
    trusting = JetonServer.start(TestNode.config(dir.resolve("a")).withTls(proxy(dir, "127.0.0.1/32")), imports(),
        Map.of());
    elsewhere = JetonServer.start(TestNode.config(dir.resolve("b")).withTls(proxy(dir, "10.0.0.0/8")), imports(),
        Map.of());
  }

  @AfterAll
  static void stop() {
    for (JetonServer s : new JetonServer[] {trusting, elsewhere}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static ServerConfig.Tls proxy(Path dir, String trusted) {
    return new ServerConfig.Tls(Optional.empty(), Optional.empty(), ServerConfig.Tls.ClientAuth.OPTIONAL,
        Optional.of(dir.resolve("clients-ca.pem")), "X-Client-Cert", List.of(trusted));
  }

  static List<RealmImport> imports() {
    Realm acme = new Realm(new RealmName("acme"), "acme", Optional.empty(), Duration.ofSeconds(3600), null, null,
        Duration.ofSeconds(10), SigningAlgorithm.ES256, null);
    return List.of(new RealmImport(acme, List.of(new ClientImport("caClient", Optional.empty(),
        Set.of("client_credentials"), Set.of("read"), Optional.of(SUBJECT), false, 0, Optional.empty(), List.of(), Optional.empty(), List.of(),
        false)), List.of()));
  }

  @Test
  void proxyHeaderFromATrustedProxy_authenticatesWithTheForwardedCertificateAndBindsTheToken() throws Exception {
    HttpResponse<String> r = token(trusting, URLEncoder.encode(caClient.certPem(), StandardCharsets.UTF_8)
        .replace("+", "%20"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String jwt = TestNode.JSON.readTree(r.body()).get("access_token").asText();
    assertThat(MutualTlsTest.claims(jwt).path("cnf").path("x5t#S256").asText())
        .isEqualTo(MutualTlsTest.thumbprint(caClient));
  }

  @Test
  void proxyHeaderFromAnUntrustedAddress_isIgnored_is401InvalidClient() throws Exception {
    HttpResponse<String> r = token(elsewhere, URLEncoder.encode(caClient.certPem(), StandardCharsets.UTF_8));

    MutualTlsTest.assertInvalidClient(r);
  }

  @Test
  void malformedProxyHeaderFromATrustedProxy_is400InvalidRequest() throws Exception {
    HttpResponse<String> r = token(trusting, "-----BEGIN%20CERTIFICATE-----%zz");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(TestNode.JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void emptyProxyHeaderFromATrustedProxy_isNoCertificate_is401InvalidClient() throws Exception {
    MutualTlsTest.assertInvalidClient(token(trusting, ""));
  }

  static HttpResponse<String> token(JetonServer server, String header) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/realms/acme/oauth2/token")).header("Content-Type", TestNode.FORM)
        .POST(HttpRequest.BodyPublishers.ofString(TestNode.form("grant_type", "client_credentials", "client_id",
            "caClient")));
    // nginx sends the header empty for a client without a certificate; HttpClient cannot send an
    // empty value, so a blank one stands for it
    b.header("X-Client-Cert", header.isEmpty() ? " " : header);
    return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
