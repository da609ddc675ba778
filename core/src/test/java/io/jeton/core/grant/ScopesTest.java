package io.jeton.core.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.error.ErrorCode;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {
  private static final Set<String> ALLOWED = Set.of("profile", "devices:read", "b");

  @Test
  void resolve_nothingRequested_grantsEveryAllowedScopeSorted() {
    assertThat(Scopes.resolve(Optional.empty(), ALLOWED, "c").granted()).containsExactly("b", "devices:read", "profile");
    assertThat(Scopes.resolve(Optional.of("  "), ALLOWED, "c").granted()).hasSize(3);
  }

  @Test
  void resolve_subset_grantsExactlyThatSubset() {
    assertThat(Scopes.resolve(Optional.of("profile  b profile"), ALLOWED, "c").granted()).containsExactly("b", "profile");
  }

  @Test
  void resolve_scopeNotAllowed_isInvalidScopeNamingIt() {
    Scopes.Resolution r = Scopes.resolve(Optional.of("profile admin"), ALLOWED, "client 'app'");
    assertThat(r.ok()).isFalse();
    assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_SCOPE);
    assertThat(r.error().description()).isEqualTo("scope 'admin' is not allowed for client 'app'");
  }

  @Test
  void resolve_forbiddenCharacters_isInvalidScope() {
    for (String s : new String[] {"a\"b", "a\\b", "caf\u00e9", "a\tb"}) {
      assertThat(Scopes.resolve(Optional.of(s), Set.of(s), "c").error().code()).isEqualTo(ErrorCode.INVALID_SCOPE);
    }
  }
}
