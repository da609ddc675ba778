package io.jeton.core.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.error.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  private static final Set<String> ALLOWED = Set.of("https://api.example.com/", "urn:example:files");

  @Test
  void problem_absoluteUrisWithAndWithoutQuery_areFine() {
    assertThat(Resources.problem("https://api.example.com/")).isEmpty();
    assertThat(Resources.problem("https://api.example.com/v1?tenant=a")).isEmpty();
    assertThat(Resources.problem("urn:example:files")).isEmpty();
  }

  @Test
  void problem_relativeFragmentEmptyTooLongOrNotAUri_isNamed() {
    assertThat(Resources.problem("/api")).contains("resource '/api' is not an absolute URI");
    assertThat(Resources.problem("https://a.example/#top")).contains("resource 'https://a.example/#top' has a fragment");
    assertThat(Resources.problem("https://a.example/#")).contains("resource 'https://a.example/#' has a fragment");
    assertThat(Resources.problem("")).isPresent();
    assertThat(Resources.problem("https://a.example/" + "x".repeat(Resources.MAX_LENGTH))).isPresent();
    assertThat(Resources.problem("https://a b")).contains("resource 'https://a b' is not a URI");
  }

  @Test
  void resolve_allowedOnesInOrderWithoutDuplicates_areGranted() {
    Resources.Resolution r = Resources.resolve(List.of("urn:example:files", "https://api.example.com/",
        "urn:example:files"), ALLOWED, "client 'app'");

    assertThat(r.ok()).isTrue();
    assertThat(r.granted()).containsExactly("urn:example:files", "https://api.example.com/");
  }

  @Test
  void resolve_noneRequested_grantsNone() {
    assertThat(Resources.resolve(List.of(), ALLOWED, "client 'app'").granted()).isEmpty();
  }

  @Test
  void resolve_oneNotAllowed_isInvalidTarget400() {
    Resources.Resolution r = Resources.resolve(List.of("https://api.example.com/", "https://api.example.com"),
        ALLOWED, "client 'app'");

    assertThat(r.ok()).isFalse();
    assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_TARGET);
    assertThat(r.error().status()).isEqualTo(400);
    assertThat(r.error().description()).isEqualTo("resource 'https://api.example.com' is not allowed for client 'app'");
  }
}
