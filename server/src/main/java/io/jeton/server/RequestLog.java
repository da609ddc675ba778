package io.jeton.server;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.dialect.wire.BasicCredentials;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every log line of a request carries beside its correlation id (SPEC 11): the realm and the
 * client the request names, in the MDC as {@code realm} and {@code client}, and the optional access
 * line ({@code log.access}). The values are what the request claims, read before core decides: the
 * {@code {realm}} path segment or the dialect's tenant header, else the mount's realm; the HTTP
 * Basic user id or the {@code client_id} parameter, else the client a dialect mount acts as.
 * Only well-formed names are put (a realm name's characters, a client id without control
 * characters), so a line never carries a CR, LF or a secret. Helidon serves each connection on one
 * virtual thread, request after request, so {@link #clear} runs after every request: the next
 * request on the connection must not inherit them.
 */
final class RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger(Logs.ACCESS);
  static final String REALM = "realm";
  static final String CLIENT = "client";

  private final String dialect;
  private final String endpoint;
  private final Optional<String> tenantHeader;
  private final Optional<String> mountRealm;
  private final Optional<String> mountClient;

  private RequestLog(String dialect, String endpoint, Optional<String> tenantHeader, Optional<String> mountRealm,
      Optional<String> mountClient) {
    this.dialect = dialect;
    this.endpoint = endpoint;
    this.tenantHeader = tenantHeader;
    this.mountRealm = mountRealm;
    this.mountClient = mountClient;
  }

  /** The log of an endpoint that names its realm in the path, if at all. */
  static RequestLog of(String dialect, String endpoint) {
    return new RequestLog(dialect, endpoint, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The log of a seed dialect's endpoint under {@code mount}. */
  static RequestLog of(String endpoint, DialectMount mount) {
    return new RequestLog(mount.name(), endpoint, mount.tenantHeader(), mount.realm().map(RealmName::value),
        mount.client().map(ClientId::value));
  }

  /** Puts the request's realm and client into the MDC of this (virtual) thread. */
  void fields(WireRequest in) {
    Optional<String> tenant = tenantHeader.flatMap(in::header).filter(v -> !v.isBlank());
    Optional<String> realm = Optional.ofNullable(in.pathParams().get("realm")).or(() -> tenant).or(() -> mountRealm)
        .filter(RequestLog::realmName);
    realm.ifPresent(r -> MDC.put(REALM, r));
    client(in).or(() -> tenant.isEmpty() ? mountClient : Optional.empty()).filter(ClientId::isValid)
        .ifPresent(c -> MDC.put(CLIENT, c));
  }

  /** The access line, when {@code log.access} is on: no path, query, header or body, only route-table names. */
  void access(String method, int status, long nanos) {
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info("{} {} {} {} {} ms", knownMethod(method), dialect, endpoint, status,
          String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
  }

  static void clear() {
    MDC.remove(REALM);
    MDC.remove(CLIENT);
  }

  private static Optional<String> client(WireRequest in) {
    if (in.headers().count("Authorization") == 1 && BasicCredentials.parse(in.headers().first("Authorization")
        .orElse("")) instanceof Parsed.Ok<io.jeton.core.client.ClientCredentials>(var credentials)) {
      return Optional.of(credentials.clientId().value());
    }
    List<String> query = in.query().get("client_id");
    if (query != null && query.size() == 1) {
      return Optional.of(query.get(0));
    }
    String type = in.header("Content-Type").orElse("");
    if (in.body().length > 0 && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
        && FormBody.parse(in.body()) instanceof Parsed.Ok<FormBody>(var form)) {
      List<String> ids = form.all("client_id");
      return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean realmName(String name) {
    try {
      RealmName.of(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The method as sent when it is a plain token of letters, else a placeholder (never arbitrary bytes). */
  private static String knownMethod(String method) {
    if (method.isEmpty() || method.length() > 16) {
      return "OTHER";
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 'A' || c > 'Z') {
        return "OTHER";
      }
    }
    return method;
  }
}
