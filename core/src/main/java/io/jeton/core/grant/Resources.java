package io.jeton.core.grant;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resource indicators, RFC 8707: the {@code resource} parameters of a token request, checked
 * against what the client (or, on refresh, the session) may have; the granted ones become the
 * access token's {@code aud}.
 */
public final class Resources {
  /** Longer indicators are refused (a client registers its resources; these are URLs). */
  public static final int MAX_LENGTH = 2048;

  private Resources() {}

  /** Either the granted resources (empty: none asked for), or the refusal. */
  public record Resolution(List<String> granted, OAuthError error) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Why {@code value} cannot be a resource indicator, if it cannot. RFC 8707 section 2: it "MUST
   * be an absolute URI, as specified by Section 4.3 of [RFC3986]" and "MUST NOT include a fragment
   * component".
   */
  public static Optional<String> problem(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return Optional.of("a resource is an absolute URI of 1 to " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.of("resource '" + clip(value) + "' is not a URI");
    }
    if (!uri.isAbsolute()) {
      return Optional.of("resource '" + clip(value) + "' is not an absolute URI");
    }
    if (uri.getRawFragment() != null || value.indexOf('#') >= 0) {
      return Optional.of("resource '" + clip(value) + "' has a fragment");
    }
    return Optional.empty();
  }

  /**
   * The resources to grant: every requested one if each is a valid indicator within {@code
   * allowed}, else {@code invalid_target} (RFC 8707 section 2: "the requested resource is invalid,
   * missing, unknown, or malformed"). Nothing requested grants nothing: the token keeps the realm's
   * audience.
   */
  public static Resolution resolve(List<String> requested, Collection<String> allowed, String holder) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String r : requested) {
      Optional<String> bad = problem(r);
      if (bad.isPresent()) {
        return new Resolution(null, refusal(bad.get()));
      }
      if (!allowed.contains(r)) {
        return new Resolution(null, refusal("resource '" + clip(r) + "' is not allowed for " + holder));
      }
      wanted.add(r);
    }
    return new Resolution(List.copyOf(wanted), null);
  }

  private static OAuthError refusal(String description) {
    // a resource is a kind of scope for the dialects that map reasons: SCOPE_NOT_ALLOWED
    return OAuthError.of(ErrorCode.INVALID_TARGET, OAuthError.Reason.SCOPE_NOT_ALLOWED, description);
  }

  private static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
