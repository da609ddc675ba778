package io.jeton.dialect.oauth2;

import io.jeton.core.client.ClientCredentials;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.Optional;

/**
 * A client-authenticated form POST, the shape shared by the token (RFC 6749 section 3.2),
 * introspection (RFC 7662 section 2.1) and revocation (RFC 7009 section 2.1) endpoints.
 */
record FormRequest(ClientCredentials client, FormBody form) {

  static Parsed<FormRequest> parse(WireRequest in) {
    var badType = FormBody.checkContentType(in.header("Content-Type"));
    if (badType.isPresent()) {
      return Parsed.bad(badType.get());
    }
    return switch (FormBody.parse(in.body())) {
      case Parsed.Bad<FormBody>(var error) -> Parsed.bad(error);
      case Parsed.Ok<FormBody>(var form) -> switch (ClientAuth.parse(in.headers(), form)) {
        case Parsed.Bad<ClientCredentials>(var error) -> Parsed.bad(error);
        case Parsed.Ok<ClientCredentials>(var client) -> Parsed.ok(new FormRequest(client, form));
      };
    };
  }

  Optional<String> param(String name) {
    return form.get(name);
  }
}
