package io.jeton.dialect.oauth2;

import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.List;
import java.util.Optional;

/**
 * An RFC 6749 section 3.2 access token request, parsed into one of the grants Jeton knows, with
 * its {@code resource} indicators (RFC 8707 section 2, repeatable; core checks them).
 */
record TokenRequest(ClientCredentials client, Grant grant, List<String> resources) {

  /** The grant-specific part of the request. */
  sealed interface Grant {
    Optional<String> scope();
  }

  /** Section 4.3.2. */
  record Password(String username, String password, Optional<String> scope) implements Grant {}

  /** Section 6. */
  record Refresh(String refreshToken, Optional<String> scope) implements Grant {}

  /** Section 4.1.3 with RFC 7636 section 4.5. */
  record AuthorizationCodeGrant(String code, Optional<String> redirectUri, Optional<String> codeVerifier)
      implements Grant {
    @Override
    public Optional<String> scope() {
      return Optional.empty();
    }
  }

  /** Section 4.4.2. */
  record ClientCredentialsGrant(Optional<String> scope) implements Grant {}

  static Parsed<TokenRequest> parse(WireRequest in) {
    return switch (FormRequest.parse(in)) {
      case Parsed.Bad<FormRequest>(var error) -> Parsed.bad(error);
      case Parsed.Ok<FormRequest>(var req) -> switch (grant(req.form())) {
        case Parsed.Bad<Grant>(var error) -> Parsed.bad(error);
        case Parsed.Ok<Grant>(var grant) -> Parsed.ok(new TokenRequest(req.client(), grant,
            req.form().all("resource")));
      };
    };
  }

  private static Parsed<Grant> grant(FormBody f) {
    Optional<String> type = f.get("grant_type");
    if (type.isEmpty()) {
      return missing("grant_type");
    }
    Optional<String> scope = f.get("scope");
    return switch (type.get()) {
      case "password" -> {
        Optional<String> user = f.get("username");
        Optional<String> pass = f.get("password");
        yield user.isEmpty() ? missing("username")
            : pass.isEmpty() ? missing("password")
            : Parsed.ok(new Password(user.get(), pass.get(), scope));
      }
      case "refresh_token" -> f.get("refresh_token")
          .<Parsed<Grant>>map(t -> Parsed.ok(new Refresh(t, scope)))
          .orElseGet(() -> missing("refresh_token"));
      case "client_credentials" -> Parsed.ok(new ClientCredentialsGrant(scope));
      case "authorization_code" -> f.get("code")
          .<Parsed<Grant>>map(c -> Parsed.ok(new AuthorizationCodeGrant(c, f.get("redirect_uri"),
              f.get("code_verifier"))))
          .orElseGet(() -> missing("code"));
      default -> Parsed.bad(OAuthError.of(ErrorCode.UNSUPPORTED_GRANT_TYPE, OAuthError.Reason.UNSUPPORTED,
          "grant_type '" + FormBody.clip(type.get()) + "' is not supported"));
    };
  }

  static <T> Parsed<T> missing(String param) {
    return Parsed.bad(OAuthError.invalidRequest("missing parameter '" + param + "'"));
  }
}
