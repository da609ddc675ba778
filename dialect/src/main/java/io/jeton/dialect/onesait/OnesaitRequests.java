package io.jeton.dialect.onesait;

import io.jeton.core.ClientId;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.List;
import java.util.Optional;

/**
 * The onesait requests (seed 002, SPEC 3.2): the token endpoint's form (RFC 6749 sections 4.3.2
 * and 6) and the {@code token} parameter of check_token and revoke_token, from the query or a
 * form body.
 */
final class OnesaitRequests {
  /** The longest parameter value accepted, in characters. */
  static final int MAX_VALUE_LENGTH = 4096;

  /** A token request's grant. */
  sealed interface Grant {}

  record Password(String username, String password, Optional<String> scope) implements Grant {}

  record Refresh(String refreshToken, Optional<String> scope) implements Grant {}

  private OnesaitRequests() {}

  /**
   * The token endpoint's form: {@code grant_type=password} ({@code username}, {@code password},
   * optional {@code scope}) or {@code grant_type=refresh_token} ({@code refresh_token}, optional
   * {@code scope}); any other grant is {@code unsupported_grant_type}. The seed's {@code clientId}
   * (and the standard {@code client_id}), when sent, must name the client of the Basic header.
   */
  static Parsed<Grant> grant(WireRequest in, ClientId authenticated) {
    Optional<OAuthError> badType = FormBody.checkContentType(in.header("Content-Type"));
    if (badType.isPresent()) {
      return Parsed.bad(badType.get());
    }
    return switch (FormBody.parse(in.body())) {
      case Parsed.Bad<FormBody>(var error) -> Parsed.bad(error);
      case Parsed.Ok<FormBody>(var form) -> grant(form, authenticated);
    };
  }

  private static Parsed<Grant> grant(FormBody form, ClientId authenticated) {
    Optional<OAuthError> tooLong = tooLong(form, "grant_type", "username", "password", "scope", "clientId",
        "client_id", "refresh_token");
    if (tooLong.isPresent()) {
      return Parsed.bad(tooLong.get());
    }
    for (String name : List.of("clientId", "client_id")) {
      Optional<String> named = form.get(name);
      if (named.isPresent() && !named.get().equals(authenticated.value())) {
        return Parsed.bad(OAuthError.invalidRequest(name + " '" + FormBody.clip(named.get())
            + "' does not match the client of the Authorization header"));
      }
    }
    Optional<String> grantType = form.get("grant_type");
    if (grantType.isEmpty()) {
      return missing("grant_type");
    }
    Optional<String> scope = form.get("scope");
    return switch (grantType.get()) {
      case "password" -> form.get("username").isEmpty() ? missing("username")
          : form.get("password").isEmpty() ? missing("password")
          : Parsed.ok(new Password(form.get("username").get(), form.get("password").get(), scope));
      case "refresh_token" -> form.get("refresh_token")
          .<Parsed<Grant>>map(t -> Parsed.ok(new Refresh(t, scope)))
          .orElseGet(() -> missing("refresh_token"));
      default -> Parsed.bad(OAuthError.of(ErrorCode.UNSUPPORTED_GRANT_TYPE, OAuthError.Reason.UNSUPPORTED,
          "grant_type '" + FormBody.clip(grantType.get()) + "' is not supported here; use password or refresh_token"));
    };
  }

  /**
   * The {@code token} parameter: from the query, or from a form body when there is one (whose
   * Content-Type must then be a form); present in both, or twice, is {@code invalid_request}.
   */
  static Parsed<String> token(WireRequest in, boolean readBody) {
    List<String> query = in.query().getOrDefault("token", List.of());
    if (query.size() > 1) {
      return duplicate();
    }
    Optional<String> fromQuery = query.stream().filter(v -> !v.isEmpty()).findFirst();
    Parsed<Optional<String>> body = readBody && in.body().length > 0 ? formToken(in) : Parsed.ok(Optional.empty());
    return switch (body) {
      case Parsed.Bad<Optional<String>>(var error) -> Parsed.bad(error);
      case Parsed.Ok<Optional<String>>(var fromBody) -> fromQuery.isPresent() && fromBody.isPresent()
          ? duplicate()
          : checked(fromQuery.or(() -> fromBody));
    };
  }

  private static Parsed<String> checked(Optional<String> token) {
    if (token.isEmpty()) {
      return Parsed.bad(OAuthError.invalidRequest("missing parameter 'token'"));
    }
    if (token.get().length() > MAX_VALUE_LENGTH) {
      return Parsed.bad(OAuthError.invalidRequest("parameter 'token' is longer than " + MAX_VALUE_LENGTH
          + " characters"));
    }
    return Parsed.ok(token.get());
  }

  private static Parsed<Optional<String>> formToken(WireRequest in) {
    Optional<OAuthError> badType = FormBody.checkContentType(in.header("Content-Type"));
    if (badType.isPresent()) {
      return Parsed.bad(badType.get());
    }
    return switch (FormBody.parse(in.body())) {
      case Parsed.Bad<FormBody>(var error) -> Parsed.bad(error);
      case Parsed.Ok<FormBody>(var form) -> Parsed.ok(form.get("token"));
    };
  }

  private static Optional<OAuthError> tooLong(FormBody form, String... names) {
    for (String name : names) {
      if (form.get(name).filter(v -> v.length() > MAX_VALUE_LENGTH).isPresent()) {
        return Optional.of(OAuthError.invalidRequest("parameter '" + name + "' is longer than "
            + MAX_VALUE_LENGTH + " characters"));
      }
    }
    return Optional.empty();
  }

  private static <T> Parsed<T> missing(String name) {
    return Parsed.bad(OAuthError.invalidRequest("missing parameter '" + name + "'"));
  }

  private static <T> Parsed<T> duplicate() {
    return Parsed.bad(OAuthError.invalidRequest("parameter 'token' is included more than once"));
  }
}
