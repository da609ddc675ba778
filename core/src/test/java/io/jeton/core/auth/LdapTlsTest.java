package io.jeton.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.jeton.core.RealmName;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LDAPS and StartTLS against UnboundID's in-memory directory with a certificate made for the test
 * (SPEC 8, review H1 and M6): the directory's certificate must chain to {@code caFile} and name
 * the host; a password never crosses an unverified or cleartext connection to a remote directory.
 */
class LdapTlsTest {
  @TempDir Path dir;
  private InMemoryDirectoryServer ds;
  private final Realm realm = Realm.withDefaults(RealmName.of("corp"));
  private final LdapAuthServiceTest.Users users = new LdapAuthServiceTest.Users();
  private Path trusted;

  @AfterEach
  void stop() {
    if (ds != null) {
      ds.shutDown(true);
    }
  }

  /** A directory with user bob, speaking LDAPS, or LDAP with StartTLS; its certificate's PEM in {@link #trusted}. */
  private void start(boolean ldaps) throws Exception {
    File keystore = dir.resolve("directory.p12").toFile();
    char[] pin = "directory-pin".toCharArray();
    // a certificate that names localhost, as the directory's host in the URL below
    ResultCode made = ManageCertificates.main(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
        OutputStream.nullOutputStream(), "generate-self-signed-certificate", "--keystore", keystore.toString(),
        "--keystore-password", new String(pin), "--keystore-type", "PKCS12", "--alias", "directory",
        "--subject-dn", "CN=localhost", "--subject-alternative-name-dns", "localhost", "--key-algorithm", "RSA",
        "--key-length-bits", "2048", "--days-valid", "2");
    assertThat(made).isEqualTo(ResultCode.SUCCESS);
    SSLUtil server = new SSLUtil(new KeyStoreKeyManager(keystore, pin, "PKCS12", "directory"),
        new TrustAllTrustManager());
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(ldaps
        ? InMemoryListenerConfig.createLDAPSConfig("ldaps", null, 0, server.createSSLServerSocketFactory(), null)
        : InMemoryListenerConfig.createLDAPConfig("ldap", null, 0, server.createSSLSocketFactory()));
    cfg.setSchema(null);
    ds = LdapAuthServiceTest.withBob(cfg);
    trusted = dir.resolve("directory-ca.pem");
    Files.writeString(trusted, pem(keystore, pin), StandardCharsets.US_ASCII);
  }

  private static String pem(File keystore, char[] pin) throws Exception {
    KeyStore k = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore)) {
      k.load(in, pin);
    }
    Certificate cert = k.getCertificate(Collections.list(k.aliases()).get(0));
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private LdapAuthService service(String scheme, Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(Map.of("url", scheme + "://localhost:" + ds.getListenPort(),
        "baseDn", "ou=people,dc=example,dc=com"));
    s.putAll(extra);
    return new LdapAuthService(new AuthServiceRef("corp", "ldap", s), users);
  }

  private AuthService.Result bob(LdapAuthService service) {
    try {
      return service.authenticate(realm, Map.of("username", "bob", "password", "bob-pass"));
    } finally {
      service.close();
    }
  }

  @Test
  void ldaps_directoryCertificateChainsToCaFile_bindsTheUser() throws Exception {
    start(true);
    assertThat(bob(service("ldaps", Map.of("caFile", trusted.toString()))))
        .isInstanceOf(AuthService.Result.Authenticated.class);
  }

  @Test
  void ldaps_directoryCertificateNotTrusted_sendsNoPasswordAndIsUnavailable() throws Exception {
    start(true);
    AuthService.Result r = bob(service("ldaps", Map.of())); // the JVM's CAs do not know this certificate
    assertThat(r).isInstanceOf(AuthService.Result.Failed.class);
    assertThat(((AuthService.Result.Failed) r).error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
    assertThat(users.byName).isEmpty();
  }

  @Test
  void startTls_trustedCertificate_bindsTheUser() throws Exception {
    start(false);
    assertThat(bob(service("ldap", Map.of("startTls", "true", "caFile", trusted.toString()))))
        .isInstanceOf(AuthService.Result.Authenticated.class);
  }

  @Test
  void startTls_untrustedCertificate_isUnavailable() throws Exception {
    start(false);
    AuthService.Result r = bob(service("ldap", Map.of("startTls", "true")));
    assertThat(((AuthService.Result.Failed) r).error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
  }

  @Test
  void cleartextToARemoteDirectory_isRefusedAsAConfigurationProblem() {
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of("url", "ldap://ldap.example.com:389",
        "baseDn", "dc=example,dc=com")))).get().asString().contains("clear text");
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of("url", "ldap://ldap.example.com:389",
        "baseDn", "dc=example,dc=com", "allowCleartext", "true")))).isEmpty();
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of("url", "ldaps://ldap.example.com",
        "baseDn", "dc=example,dc=com", "startTls", "true")))).get().asString().contains("startTls");
  }
}
