package io.jeton.core;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One engine on {@code InMemoryStores} with a clock that stands still until moved, and realm
 * {@code acme}: confidential {@code app} (password, refresh_token, client_credentials; secret
 * {@code app-secret}; scopes read, write), confidential {@code other} (password, refresh_token),
 * confidential {@code noRefresh} (password), public {@code mobile} (password, refresh_token), users
 * alice and (disabled) dave; a 10 s grace window; AGS is handed {@code mobile}, Amino {@code
 * noRefresh}. Callers are made the only way there is: by asking the engine.
 */
public final class CoreFixture implements AutoCloseable {
  public static final RequestContext CTX = RequestContext.of("unit");

  private Instant now = Instant.parse("2026-12-02T08:00:00Z");
  public final Stores stores = InMemoryStores.create();
  public final Engine engine;
  public final Realm realm;

  public CoreFixture() {
    InstantSource clock = () -> now;
    engine = new Engine(EngineSettings.of("http://localhost"), stores, MasterKey.generate(),
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100), clock);
    Set<String> user = Set.of("password", "refresh_token");
    Realm r = Realm.withDefaults(RealmName.of("acme")).withDialectClients(Map.of("ags", ClientId.of("mobile"),
        "amino", ClientId.of("noRefresh")));
    new Directory(engine).apply(new RealmImport(r,
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token",
                "client_credentials"), Set.of("read", "write"), Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), user, Set.of("read"), Optional.empty()),
            new ClientImport("noRefresh", Optional.of("nr-secret"), Set.of("password"), Set.of(), Optional.empty()),
            new ClientImport("mobile", Optional.empty(), user, Set.of("read"), Optional.empty(), true, 0)),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of("USER"), Map.of()),
            new UserImport("dave", Optional.of("dave-pass"), false, List.of(), Map.of()))));
    engine.invalidateDirectory();
    realm = engine.realm(RealmName.of("acme")).orElseThrow();
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  public Caller confidential(String id, String secret) {
    return authenticate(new ClientCredentials(ClientId.of(id), Optional.of(secret),
        ClientCredentials.Method.CLIENT_SECRET_BASIC));
  }

  public Caller app() {
    return confidential("app", "app-secret");
  }

  public Caller publicClient(String id) {
    return authenticate(new ClientCredentials(ClientId.of(id), Optional.empty(), ClientCredentials.Method.NONE));
  }

  /** The caller of {@code dialect} in realm acme, reached through a tenant header (no mount realm). */
  public Caller dialect(String dialect) {
    DialectAccess access = engine.dialectAccess(realm, new DialectAccess.Binding(dialect, Optional.empty(),
        Optional.empty()));
    if (access instanceof DialectAccess.Granted(var caller)) {
      return caller;
    }
    throw new AssertionError(dialect + " is not open in acme: " + access);
  }

  private Caller authenticate(ClientCredentials credentials) {
    return switch (engine.authenticateClient(realm, credentials, CTX)) {
      case ClientAuthentication.Authenticated(var caller) -> caller;
      case ClientAuthentication.Rejected(var error) -> throw new AssertionError(error.description());
    };
  }

  /** Alice's password login through {@code caller}. */
  public IssuedTokens login(Caller caller) {
    return issued(engine.token(new TokenCommand.Password(realm, caller, TokenCommand.UserCredentials.of("alice", "alice-pass"), Optional.empty()), CTX));
  }

  public static IssuedTokens issued(TokenOutcome outcome) {
    if (outcome instanceof TokenOutcome.Issued(var tokens)) {
      return tokens;
    }
    throw new AssertionError("refused: " + outcome);
  }

  public List<AuditEvent> audited(AuditType type) {
    engine.flushAudit();
    return stores.audit().recent("acme", 1000).stream().filter(e -> e.type() == type).toList();
  }

  @Override
  public void close() {
    engine.close();
  }
}
