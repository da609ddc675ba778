package io.jeton.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.client.ClientCertificate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
  static final TestPki.Identity CA = TestPki.ca("CN=CA");
  static final TestPki.Identity CLIENT = CA.issue("CN=client,O=Acme");
  static final ClientCertificates PROXY = new ClientCertificates("X-Client-Cert", List.of("10.0.0.0/8"));

  @Test
  void of_headerFromAnUntrustedAddress_isIgnoredAndTheHandshakeCounts() {
    Optional<Certificate[]> handshake = Optional.of(new Certificate[] {CA.leaf()});

    assertThat(PROXY.of("192.168.1.5", handshake, List.of(escaped(CLIENT.certPem()))))
        .map(ClientCertificate::subjectDn).contains("CN=CA");
    assertThat(PROXY.of("192.168.1.5", Optional.empty(), List.of(escaped(CLIENT.certPem())))).isEmpty();
  }

  @Test
  void of_trustedProxy_takesTheHeaderNotTheProxysOwnHandshake() {
    Optional<Certificate[]> proxysOwn = Optional.of(new Certificate[] {CA.leaf()});

    assertThat(PROXY.of("10.1.2.3", proxysOwn, List.of(escaped(CLIENT.chainPem()))).orElseThrow().subjectDn())
        .isEqualTo("CN=client,O=Acme");
    assertThat(PROXY.of("10.1.2.3", proxysOwn, List.of())).isEmpty();
  }

  @Test
  void of_envoyStyleAndOneLinePem_areRead() {
    String oneLine = CLIENT.certPem().replace("\n", " ");
    String xfcc = "Hash=abc;Cert=\"" + escaped(CLIENT.certPem()) + "\";Subject=\"CN=client\"";

    assertThat(PROXY.of("10.0.0.1", Optional.empty(), List.of(escaped(oneLine)))).isPresent();
    assertThat(PROXY.of("10.0.0.1", Optional.empty(), List.of(xfcc)).orElseThrow().x5tS256())
        .isEqualTo(ClientCertificate.of(List.of(CLIENT.leaf())).x5tS256());
  }

  @Test
  void of_trustedProxyWithARepeatedOrMalformedHeader_isRefused() {
    assertThatThrownBy(() -> PROXY.of("10.0.0.1", Optional.empty(), List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than once");
    assertThatThrownBy(() -> PROXY.of("10.0.0.1", Optional.empty(), List.of("%zz")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PROXY.of("10.0.0.1", Optional.empty(), List.of("not a certificate")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cidr_containsOnlyAddressesInTheBlock() {
    assertThat(Cidr.parse("10.0.0.0/8").contains("10.255.0.1")).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
    assertThat(Cidr.parse("192.168.4.0/22").contains("192.168.7.255")).isTrue();
    assertThat(Cidr.parse("192.168.4.0/22").contains("192.168.8.0")).isFalse();
    assertThat(Cidr.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Cidr.parse("::1").contains("127.0.0.1")).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains("localhost")).isFalse();
    assertThatThrownBy(() -> Cidr.parse("proxy.example.com")).isInstanceOf(IllegalArgumentException.class);
  }

  static String escaped(String pem) {
    return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
