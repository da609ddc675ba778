package io.jeton.core.grant;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Scope parsing and checks, RFC 6749 section 3.3. */
public final class Scopes {
  private Scopes() {}

  /** Either the granted scopes, or the refusal. */
  public record Resolution(List<String> granted, OAuthError error) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * The scopes to grant: the requested ones if every one is within {@code allowed}, else an
   * {@code invalid_scope} refusal; all of {@code allowed} when nothing is requested.
   */
  public static Resolution resolve(Optional<String> requested, Collection<String> allowed, String holder) {
    if (requested.isEmpty() || requested.get().isBlank()) {
      return new Resolution(sorted(allowed), null);
    }
    String raw = requested.get();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      // scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by spaces
      if (!(c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
        return new Resolution(null, OAuthError.of(ErrorCode.INVALID_SCOPE, OAuthError.Reason.MALFORMED,
            "scope contains a character that RFC 6749 section 3.3 does not allow"));
      }
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String s : raw.trim().split(" +")) {
      wanted.add(s);
    }
    for (String s : wanted) {
      if (!allowed.contains(s)) {
        return new Resolution(null, OAuthError.of(ErrorCode.INVALID_SCOPE, OAuthError.Reason.SCOPE_NOT_ALLOWED,
            "scope '" + s + "' is not allowed for " + holder));
      }
    }
    return new Resolution(sorted(wanted), null);
  }

  private static List<String> sorted(Collection<String> c) {
    List<String> l = new ArrayList<>(c);
    l.sort(null);
    return List.copyOf(l);
  }
}
