package io.jeton.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.Stores;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8705 section 2 in core, with certificates from {@code src/test/resources/tls} (made once with
 * Bouncy Castle: a CA, a client it issued, the same subject from another CA, an expired one, two
 * self-signed ones with one subject): which certificate authenticates which client, with which
 * methods, and what its tokens are bound to.
 */
class CertificateAuthenticationTest {
  private static final String SUBJECT = "CN=client,O=Acme";
  private final Stores stores = InMemoryStores.create();
  private final Engine engine;
  private final Realm realm;

  CertificateAuthenticationTest() {
    CertificateTrust trust = new CertificateTrust(true, ClientCertificate.parsePem(pem("ca.pem")));
    engine = new Engine(new EngineSettings("http://localhost", 100, Duration.ofSeconds(5), trust), stores,
        MasterKey.generate(), new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100),
        () -> Instant.parse("2027-06-01T00:00:00Z"));
    Set<String> cc = Set.of("client_credentials");
    Realm r = Realm.withDefaults(RealmName.of("acme"));
    new Directory(engine).apply(new RealmImport(r, List.of(
        new ClientImport("ca", Optional.empty(), cc, Set.of(), Optional.of("cn=client, o=Acme"), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of(), false),
        new ClientImport("self", Optional.empty(), cc, Set.of(), Optional.empty(), false, 0, Optional.empty(), List.of(),
            Optional.of(pem("self.pem")), List.of(), false),
        new ClientImport("both", Optional.of("both-secret"), cc, Set.of(), Optional.of(SUBJECT), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of(), false),
        new ClientImport("secretOnly", Optional.of("s-secret"), cc, Set.of(), Optional.of(SUBJECT), false, 0, Optional.empty(), List.of(),
            Optional.empty(), List.of("client_secret_basic"), false),
        new ClientImport("app", Optional.of("app-secret"), cc, Set.of(), Optional.empty())), List.of()));
    engine.invalidateDirectory();
    realm = engine.realm(RealmName.of("acme")).orElseThrow();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void tlsClientAuth_chainToTheTrustedCaAndTheSubject_authenticatesAndBindsTheToken() {
    Caller caller = authenticated(auth("ca", Optional.empty(), "client.pem"));

    assertThat(((Caller.Authenticated) caller).method()).isEqualTo(ClientCredentials.Method.TLS_CLIENT_AUTH);
    TokenOutcome out = engine.token(new TokenCommand.ClientCredentials(realm, caller, Optional.empty()),
        RequestContext.of("t"));
    assertThat(((TokenOutcome.Issued) out).tokens().claims().confirmation().x5tS256())
        .contains(thumbprint("client.pem"));
  }

  @Test
  void tlsClientAuth_otherCaExpiredOrNoCertificate_isRejected() {
    assertThat(auth("ca", Optional.empty(), "other-ca-client.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("ca", Optional.empty(), "expired.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("ca", Optional.empty(), null)).isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("ca", Optional.empty(), "self.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
  }

  @Test
  void selfSignedTlsClientAuth_onlyTheRegisteredCertificate_authenticates() {
    Caller caller = authenticated(auth("self", Optional.empty(), "self.pem"));

    assertThat(((Caller.Authenticated) caller).method())
        .isEqualTo(ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH);
    assertThat(auth("self", Optional.empty(), "self-other.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
  }

  @Test
  void secretAndCertificateSubject_needBoth() {
    assertThat(auth("both", Optional.of("both-secret"), "client.pem"))
        .isInstanceOf(ClientAuthentication.Authenticated.class);
    assertThat(auth("both", Optional.of("both-secret"), null)).isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("both", Optional.of("both-secret"), "other-ca-client.pem"))
        .isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("both", Optional.of("wrong"), "client.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
  }

  @Test
  void authMethods_aCertificateMethodTheClientDoesNotList_isRejected() {
    assertThat(auth("secretOnly", Optional.empty(), "client.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
    assertThat(auth("secretOnly", Optional.of("s-secret"), "client.pem"))
        .isInstanceOf(ClientAuthentication.Authenticated.class);
  }

  @Test
  void secretClientPresentingACertificate_isAuthenticatedByItsSecretAndItsTokenIsNotBound() {
    Caller caller = authenticated(auth("app", Optional.of("app-secret"), "self.pem"));

    assertThat(((Caller.Authenticated) caller).boundCertificate()).isEmpty();
    assertThat(auth("app", Optional.empty(), "self.pem")).isInstanceOf(ClientAuthentication.Rejected.class);
  }

  @Test
  void clientCertificate_x5tS256IsTheBase64urlSha256OfTheLeafDerAndTheSubjectIsRfc2253() throws Exception {
    ClientCertificate c = ClientCertificate.fromPem(pem("client.pem"));

    assertThat(c.chain()).hasSize(2);
    assertThat(c.subjectDn()).isEqualTo(SUBJECT);
    assertThat(c.x5tS256()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(c.leaf().getEncoded())));
  }

  private ClientAuthentication auth(String id, Optional<String> secret, String certificate) {
    RequestContext ctx = new RequestContext("t", "192.0.2.1",
        Optional.ofNullable(certificate).map(f -> ClientCertificate.fromPem(pem(f))));
    return engine.authenticateClient(realm, new ClientCredentials(ClientId.of(id), secret,
        secret.isPresent() ? ClientCredentials.Method.CLIENT_SECRET_BASIC : ClientCredentials.Method.NONE), ctx);
  }

  private static Caller authenticated(ClientAuthentication a) {
    assertThat(a).isInstanceOf(ClientAuthentication.Authenticated.class);
    return ((ClientAuthentication.Authenticated) a).caller();
  }

  private static String thumbprint(String file) {
    return ClientCertificate.fromPem(pem(file)).x5tS256();
  }

  static String pem(String name) {
    try (InputStream in = CertificateAuthenticationTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
