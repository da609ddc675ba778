package io.jeton.testkit;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.DialectAccess;
import io.jeton.core.Engine;
import io.jeton.core.RequestContext;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.realm.Realm;
import java.util.Optional;

/**
 * Callers for tests that call the engine directly, made the only way there is: by asking the
 * engine to authenticate the client, or to say which client a realm hands to a dialect.
 */
public final class TestCallers {
  private static final RequestContext CTX = RequestContext.of("test");

  private TestCallers() {}

  /** A confidential client that proved {@code secret} with HTTP Basic. */
  public static Caller confidential(Engine engine, Realm realm, String id, String secret) {
    return authenticate(engine, realm, new ClientCredentials(ClientId.of(id), Optional.of(secret),
        ClientCredentials.Method.CLIENT_SECRET_BASIC));
  }

  /** A public client, identified by its id alone. */
  public static Caller publicClient(Engine engine, Realm realm, String id) {
    return authenticate(engine, realm, new ClientCredentials(ClientId.of(id), Optional.empty(),
        ClientCredentials.Method.NONE));
  }

  /** The caller of dialect {@code dialect} mounted on {@code realm} with client {@code id}. */
  public static Caller dialect(Engine engine, Realm realm, String dialect, String id) {
    DialectAccess access = engine.dialectAccess(realm, new DialectAccess.Binding(dialect, Optional.of(realm.name()),
        Optional.of(ClientId.of(id))));
    if (access instanceof DialectAccess.Granted(var caller)) {
      return caller;
    }
    throw new AssertionError("realm " + realm.name() + " does not hand '" + id + "' to " + dialect + ": " + access);
  }

  private static Caller authenticate(Engine engine, Realm realm, ClientCredentials credentials) {
    return switch (engine.authenticateClient(realm, credentials, CTX)) {
      case ClientAuthentication.Authenticated(var caller) -> caller;
      case ClientAuthentication.Rejected(var error) -> throw new AssertionError("client " + credentials.clientId()
          + " did not authenticate: " + error.description());
    };
  }
}
