package io.jeton.cli;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.SeedDialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.server.SecretFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo realm of {@code serve --demo} (SPEC section 5): realm {@code demo}, confidential client
 * {@code demo-client} with a secret generated once into {@code dataDir/demo-client.secret} (Jeton
 * ships no known secret), user {@code demo} with password {@code demo}, every dialect mounted for it.
 */
final class DemoRealm {
  static final String REALM = "demo";
  static final String CLIENT = "demo-client";
  static final String USER = "demo";
  static final String PASSWORD = "demo";
  static final String SECRET_FILE = "demo-client.secret";

  private DemoRealm() {}

  /** The client secret, generated into the data directory on first use. */
  static String secret(Path dataDir) {
    Path file = dataDir.resolve(SECRET_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      String secret = Directory.generateSecret();
      SecretFile.write(file, secret);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the demo client secret in " + file, e);
    }
  }

  /**
   * Every seed dialect mounted for the demo realm (SPEC section 5), AGS and Amino sessions
   * belonging to the demo client; a dialect the configuration mounts keeps its configured mount.
   */
  static Map<String, DialectMount> mounts(Map<String, DialectMount> configured) {
    Map<String, DialectMount> out = new LinkedHashMap<>();
    for (SeedDialect seed : SeedDialect.values()) {
      String name = seed.wireName();
      DialectMount d = seed.defaultMount();
      out.put(name, configured.getOrDefault(name, new DialectMount(name, d.enabled(), d.prefix(),
          Optional.of(RealmName.of(REALM)), d.tenantHeader(), Optional.of(ClientId.of(CLIENT)))));
    }
    out.putAll(configured);
    return out;
  }

  static RealmImport realm(String secret) {
    return new RealmImport(Realm.withDefaults(RealmName.of(REALM)),
        List.of(new RealmImport.ClientImport(CLIENT, Optional.of(secret),
            Set.of("password", "refresh_token", "client_credentials"), Set.of("profile", "devices:read"),
            Optional.empty())),
        List.of(new RealmImport.UserImport(USER, Optional.of(PASSWORD), true, List.of("USER", "ADMIN"),
            Map.of("customerId", "demo-customer", "accountId", "1001", "userProfileId", "demo-profile"))));
  }

  /** Prints the demo credentials and working curl commands. */
  static void printBanner(PrintStream out, String publicUrl, Path dataDir, String secret,
      Map<String, DialectMount> mounts) {
    String token = publicUrl + "/realms/" + REALM + "/oauth2/token";
    out.println();
    out.println("DEMO MODE (never in production): realm '" + REALM + "', issuer " + publicUrl + "/realms/"
        + REALM);
    out.println("  client: " + CLIENT + "  secret: " + secret + "  (kept in " + dataDir.resolve(SECRET_FILE)
        + ")");
    out.println("  user:   " + USER + "  password: " + PASSWORD + "  roles: USER, ADMIN");
    out.println("Try it:");
    out.println("  curl -s -u " + CLIENT + ":" + secret + " -d grant_type=client_credentials " + token);
    out.println("  curl -s -u " + CLIENT + ":" + secret + " -d grant_type=password -d username=" + USER
        + " -d password=" + PASSWORD + " " + token);
    out.println("  curl -s " + publicUrl + "/realms/" + REALM + "/.well-known/openid-configuration");
    StringBuilder mounted = new StringBuilder();
    for (DialectMount d : mounts.values()) {
      if (d.enabled() && d.realm().map(RealmName::value).orElse("").equals(REALM)) {
        mounted.append(mounted.isEmpty() ? "" : ", ").append(d.name()).append(' ')
            .append(d.prefix()).append(SeedDialect.named(d.name()).map(SeedDialect::entryPath).orElse(""));
      }
    }
    if (!mounted.isEmpty()) {
      out.println("Seed APIs for this realm (docs/dialects/): " + mounted);
    }
    out.println();
    out.flush();
  }

  /**
   * Asks the running node for one client_credentials token of the demo client over HTTP and
   * returns the status: the whole hot path, once (and so into the launcher's AOT cache).
   */
  static int firstToken(int port, String secret) {
    return firstToken(port, secret, java.util.Optional.empty());
  }

  /** The same over HTTPS when {@code serverCert} is the listener's certificate, trusted for this request only. */
  static int firstToken(int port, String secret, java.util.Optional<java.nio.file.Path> serverCert) {
    String basic = Base64.getEncoder().encodeToString((CLIENT + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
    HttpClient.Builder client = HttpClient.newBuilder();
    if (serverCert.isPresent()) {
      try {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (java.security.cert.X509Certificate c : io.jeton.server.tls.TlsMaterial.certificates("tls.certFile",
            serverCert.get())) {
          trust.setCertificateEntry("c" + i++, c);
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        client.sslContext(ctx);
      } catch (java.security.GeneralSecurityException | IOException | IllegalStateException e) {
        return 0;
      }
    }
    String scheme = serverCert.isPresent() ? "https://127.0.0.1:" : "http://127.0.0.1:";
    try (HttpClient http = client.build()) {
      return http.send(HttpRequest.newBuilder(
                  URI.create(scheme + port + "/realms/" + REALM + "/oauth2/token"))
              .header("Authorization", "Basic " + basic)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
