package io.jeton.core;

import io.jeton.core.browser.BrowserSessionPolicy;
import io.jeton.core.client.CertificateTrust;
import java.time.Duration;
import java.util.Objects;

/**
 * Node-wide settings of the engine.
 *
 * @param publicUrl the base URL clients reach this service at, without a trailing slash; a
 *     realm's issuer is {@code publicUrl + "/realms/" + name} (RFC 8414 section 3.3)
 * @param verifiedTokenCacheSize how many access tokens this node remembers having signed or
 *     verified, so that it checks each token's signature once ({@link
 *     io.jeton.core.token.VerifiedTokens}, 24 bytes each, allocated in steps as tokens arrive)
 * @param directoryCacheTtl how long realms, clients and users are served before a re-read (another
 *     node may have changed them; a change notice re-reads at once); while the store fails, the last
 *     value read keeps serving
 * @param certificateTrust whether requests may carry TLS client certificates, and the CAs of
 *     {@code tls_client_auth} (RFC 8705 section 2.1)
 * @param dpopNonce whether DPoP proofs must carry a server nonce (RFC 9449 section 8)
 * @param browserSessions the idle and absolute expiry of browser sessions (SPEC 9)
 */
public record EngineSettings(String publicUrl, int verifiedTokenCacheSize, Duration directoryCacheTtl,
    CertificateTrust certificateTrust, boolean dpopNonce, BrowserSessionPolicy browserSessions) {
  /** With the default browser session lifetimes. */
  public EngineSettings(String publicUrl, int verifiedTokenCacheSize, Duration directoryCacheTtl,
      CertificateTrust certificateTrust, boolean dpopNonce) {
    this(publicUrl, verifiedTokenCacheSize, directoryCacheTtl, certificateTrust, dpopNonce,
        BrowserSessionPolicy.DEFAULTS);
  }

  public EngineSettings {
    browserSessions = browserSessions == null ? BrowserSessionPolicy.DEFAULTS : browserSessions;
    Objects.requireNonNull(publicUrl, "publicUrl");
    while (publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
    if (verifiedTokenCacheSize < 0) {
      throw new IllegalArgumentException("verifiedTokenCacheSize must not be negative");
    }
    directoryCacheTtl = directoryCacheTtl == null ? Duration.ofSeconds(5) : directoryCacheTtl;
    certificateTrust = certificateTrust == null ? CertificateTrust.NONE : certificateTrust;
  }

  /** Settings of a node that sees no client certificates, without DPoP nonces. */
  public EngineSettings(String publicUrl, int verifiedTokenCacheSize, Duration directoryCacheTtl) {
    this(publicUrl, verifiedTokenCacheSize, directoryCacheTtl, CertificateTrust.NONE, false);
  }

  /** Settings of a node that sees client certificates trusted by {@code certificateTrust}, without DPoP nonces. */
  public EngineSettings(String publicUrl, int verifiedTokenCacheSize, Duration directoryCacheTtl,
      CertificateTrust certificateTrust) {
    this(publicUrl, verifiedTokenCacheSize, directoryCacheTtl, certificateTrust, false);
  }

  /** The same settings, DPoP nonces required or not. */
  public EngineSettings withDpopNonce(boolean required) {
    return new EngineSettings(publicUrl, verifiedTokenCacheSize, directoryCacheTtl, certificateTrust, required,
        browserSessions);
  }

  /** The same settings with these browser session lifetimes. */
  public EngineSettings withBrowserSessions(BrowserSessionPolicy policy) {
    return new EngineSettings(publicUrl, verifiedTokenCacheSize, directoryCacheTtl, certificateTrust, dpopNonce,
        policy);
  }

  /** The default of {@link #verifiedTokenCacheSize()}: 10^6 live tokens in 48 MB at most. */
  public static final int DEFAULT_VERIFIED_TOKENS = 2_000_000;

  public static EngineSettings of(String publicUrl) {
    return new EngineSettings(publicUrl, DEFAULT_VERIFIED_TOKENS, Duration.ofSeconds(5));
  }

  public String issuer(RealmName realm) {
    return publicUrl + "/realms/" + realm.value();
  }
}
