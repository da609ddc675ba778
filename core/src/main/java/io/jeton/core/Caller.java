package io.jeton.core;

import io.jeton.core.client.Client;
import io.jeton.core.client.ClientCertificate;
import io.jeton.core.client.ClientCredentials;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking core to act, decided once by core and then checked by every operation (SPEC 3
 * intro and 7): a confidential client that proved its secret, a public client that only named
 * itself, or the client a realm hands to a dialect that authenticates no client (AGS, Amino).
 * Only core creates callers ({@link Engine#authenticateClient}, {@link Engine#dialectAccess}): the
 * constructors are package-private, so a dialect cannot claim a trust it was not given.
 */
public sealed interface Caller permits Caller.Authenticated, Caller.Public, Caller.DialectClient {
  /** The client the caller acts as. */
  Client client();

  /**
   * "This client, authenticated this way": a refresh retried inside the grace window is answered
   * only to the caller with the same tag as the first use (SPEC 7, review M1).
   */
  String tag();

  /**
   * A confidential client that proved its secret or its TLS client certificate with {@code method}
   * (RFC 6749 section 2.3, RFC 8705 section 2), and the certificate of its request, if any.
   */
  final class Authenticated implements Caller {
    private final Client client;
    private final ClientCredentials.Method method;
    private final Optional<ClientCertificate> certificate;

    Authenticated(Client client, ClientCredentials.Method method) {
      this(client, method, Optional.empty());
    }

    Authenticated(Client client, ClientCredentials.Method method, Optional<ClientCertificate> certificate) {
      if (client.isPublic()) {
        throw new IllegalArgumentException("client '" + client.id() + "' is public");
      }
      this.client = client;
      this.method = Objects.requireNonNull(method, "method");
      this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    /** The TLS client certificate of the request (RFC 8705), whichever method authenticated it. */
    public Optional<ClientCertificate> certificate() {
      return certificate;
    }

    /**
     * The certificate its access tokens are bound to (RFC 8705 section 3): the one it authenticated
     * with (alone, or beside its secret for a client with a {@code certificateSubject}), or the one
     * it presented when it asks for bound tokens ({@code certificateBoundTokens}).
     */
    public Optional<ClientCertificate> boundCertificate() {
      boolean bind = method.isCertificate() || client.certificateSubject().isPresent()
          || client.certificateBoundTokens();
      return bind ? certificate : Optional.empty();
    }

    @Override
    public Client client() {
      return client;
    }

    public ClientCredentials.Method method() {
      return method;
    }

    @Override
    public String tag() {
      return (method.isCertificate() ? "tls:" : "secret:") + client.id().value();
    }

    @Override
    public String toString() {
      return "Caller.Authenticated[" + client.id() + ", " + method + "]";
    }
  }

  /** A public client (no secret): it only named itself, so it proves nothing. */
  final class Public implements Caller {
    private final Client client;

    Public(Client client) {
      this.client = client;
    }

    @Override
    public Client client() {
      return client;
    }

    @Override
    public String tag() {
      return "public:" + client.id().value();
    }

    @Override
    public String toString() {
      return "Caller.Public[" + client.id() + "]";
    }
  }

  /**
   * The client that the realm (or the mount bound to that realm) hands to the client-less dialect
   * {@code dialect}: whoever calls that dialect acts as this client, without its secret.
   */
  final class DialectClient implements Caller {
    private final Client client;
    private final String dialect;

    DialectClient(Client client, String dialect) {
      this.client = client;
      this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public Client client() {
      return client;
    }

    public String dialect() {
      return dialect;
    }

    @Override
    public String tag() {
      return "dialect:" + dialect + ":" + client.id().value();
    }

    @Override
    public String toString() {
      return "Caller.DialectClient[" + client.id() + ", " + dialect + "]";
    }
  }
}
