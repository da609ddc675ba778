package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.server.config.ServerConfig;
import io.jeton.server.tls.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The listener's start-time checks and {@code tls.clientAuth} modes (SPEC section 8). */
class TlsListenerStartTest {
  @Test
  void start_keyThatIsNotTheCertificates_failsNamingBothFiles() throws IOException {
    Path dir = Files.createTempDirectory("jeton-tls-bad");
    TestPki.Identity ca = TestPki.ca("CN=CA");
    ca.issueServer().write(dir, "a");
    ca.issueServer().write(dir, "b");
    ServerConfig.Tls mismatched = new ServerConfig.Tls(Optional.of(dir.resolve("a.crt")), Optional.of(dir.resolve("b.key")),
        ServerConfig.Tls.ClientAuth.OPTIONAL, Optional.empty(), "", List.of());

    assertThatThrownBy(() -> JetonServer.start(TestNode.config(dir.resolve("n")).withTls(mismatched)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tls.keyFile").hasMessageContaining("b.key").hasMessageContaining("a.crt");
  }

  @Test
  void start_keyNotInPkcs8Pem_failsWithTheConversionHint() throws IOException {
    Path dir = Files.createTempDirectory("jeton-tls-bad");
    TestPki.ca("CN=CA").issueServer().write(dir, "a");
    Files.writeString(dir.resolve("a.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    ServerConfig.Tls tls = new ServerConfig.Tls(Optional.of(dir.resolve("a.crt")), Optional.of(dir.resolve("a.key")),
        ServerConfig.Tls.ClientAuth.OPTIONAL, Optional.empty(), "", List.of());

    assertThatThrownBy(() -> JetonServer.start(TestNode.config(dir.resolve("n")).withTls(tls)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void clientAuthRequired_connectionWithoutACertificateIsRefused_withOneIsServed() throws Exception {
    Path dir = Files.createTempDirectory("jeton-tls-req");
    TestPki.Identity ca = TestPki.ca("CN=CA");
    ca.issueServer().write(dir, "server");
    ServerConfig.Tls tls = new ServerConfig.Tls(Optional.of(dir.resolve("server.crt")),
        Optional.of(dir.resolve("server.key")), ServerConfig.Tls.ClientAuth.REQUIRED, Optional.empty(), "", List.of());
    try (JetonServer server = JetonServer.start(TestNode.config(dir.resolve("n")).withTls(tls))) {
      URI live = URI.create("https://127.0.0.1:" + server.port() + "/health/live");

      Optional<Integer> without;
      try {
        without = Optional.of(http(null).send(HttpRequest.newBuilder(live).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      } catch (IOException e) {
        without = Optional.empty();
      }
      int with = http(TestPki.selfSigned("CN=anyone")).send(HttpRequest.newBuilder(live).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();

      assertThat(without).as("no certificate: the handshake fails").isEmpty();
      assertThat(with).isEqualTo(200);
    }
  }

  @Test
  void clientAuthNone_metadataListsNoCertificateMethods() throws Exception {
    Path dir = Files.createTempDirectory("jeton-tls-none");
    TestPki.ca("CN=CA").issueServer().write(dir, "server");
    ServerConfig.Tls tls = new ServerConfig.Tls(Optional.of(dir.resolve("server.crt")),
        Optional.of(dir.resolve("server.key")), ServerConfig.Tls.ClientAuth.NONE, Optional.empty(), "", List.of());
    try (JetonServer server = JetonServer.start(TestNode.config(dir.resolve("n")).withTls(tls),
        ProxyCertificateHeaderTest.imports(), java.util.Map.of())) {
      HttpResponse<String> r = http(null).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
          + "/realms/acme/.well-known/oauth-authorization-server")).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).doesNotContain("tls_client_auth").doesNotContain("tls_client_certificate_bound");
    }
  }

  private static HttpClient http(TestPki.Identity identity) {
    return HttpClient.newBuilder().sslContext(TestPki.clientContext(identity)).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }
}
