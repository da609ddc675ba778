package io.jeton.testkit;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Realm fixtures: {@code TestRealms.realm().grace(Duration.ofSeconds(5)).build()}. */
public final class TestRealms {
  private RealmName name = uniqueName();
  private String issuerName;
  private Optional<String> audience = Optional.empty();
  private Duration accessTtl;
  private Duration refreshTtl;
  private Duration sessionMaxTtl;
  private Duration grace;
  private SigningAlgorithm algorithm;
  private final List<AuthServiceRef> authServices = new ArrayList<>();
  private int maxSessionsPerUser;
  private final Map<String, ClientId> dialectClients = new LinkedHashMap<>();
  private LockoutPolicy lockout = LockoutPolicy.DEFAULTS;
  private KeyPolicy keyPolicy = KeyPolicy.DEFAULTS;
  private AccessTokenTyp accessTokenTyp = AccessTokenTyp.AT_JWT;

  private TestRealms() {}

  /** A builder for a realm with a fresh unique name and every setting at its default. */
  public static TestRealms realm() {
    return new TestRealms();
  }

  /** A realm with a fresh unique name and defaults. */
  public static Realm unique() {
    return realm().build();
  }

  /** A name no other test uses: {@code r-} and 12 random hex digits. */
  public static RealmName uniqueName() {
    return RealmName.of("r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  public TestRealms name(String value) {
    this.name = RealmName.of(value);
    return this;
  }

  public TestRealms issuerName(String value) {
    this.issuerName = value;
    return this;
  }

  public TestRealms audience(String value) {
    this.audience = Optional.of(value);
    return this;
  }

  public TestRealms accessTtl(Duration value) {
    this.accessTtl = value;
    return this;
  }

  public TestRealms refreshTtl(Duration value) {
    this.refreshTtl = value;
    return this;
  }

  public TestRealms sessionMaxTtl(Duration value) {
    this.sessionMaxTtl = value;
    return this;
  }

  public TestRealms grace(Duration value) {
    this.grace = value;
    return this;
  }

  public TestRealms algorithm(SigningAlgorithm value) {
    this.algorithm = value;
    return this;
  }

  public TestRealms authService(AuthServiceRef value) {
    this.authServices.add(value);
    return this;
  }

  public TestRealms maxSessionsPerUser(int value) {
    this.maxSessionsPerUser = value;
    return this;
  }

  /** The realm hands {@code client} to the client-less dialect {@code dialect} ({@code realms[].dialects}). */
  public TestRealms dialectClient(String dialect, String client) {
    this.dialectClients.put(dialect, ClientId.of(client));
    return this;
  }

  public TestRealms lockout(LockoutPolicy value) {
    this.lockout = value;
    return this;
  }

  /** Rotation every {@code rotation} (zero: off), each new key published {@code publish} before it signs. */
  public TestRealms keys(Duration rotation, Duration publish) {
    this.keyPolicy = new KeyPolicy(rotation, publish);
    return this;
  }

  /** The {@code typ} header of the realm's access tokens. */
  public TestRealms accessTokenTyp(AccessTokenTyp value) {
    this.accessTokenTyp = value;
    return this;
  }

  public Realm build() {
    return new Realm(name, issuerName, audience, accessTtl, refreshTtl, sessionMaxTtl, grace, algorithm,
        authServices, maxSessionsPerUser, dialectClients, lockout, keyPolicy, accessTokenTyp);
  }
}
