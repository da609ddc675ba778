package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link BearerToken} (issue 6 point 9): any header value either yields a b64token (RFC
 * 6750 section 2.1) of at most {@link BearerToken#MAX_LENGTH} characters or nothing; nothing throws.
 */
class BearerTokenFuzzTest {
  static final List<FuzzCorpus.Entry> CORPUS = FuzzCorpus.load("fuzz/bearer");
  static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  static void assertTokenOrNothing(String header) {
    Optional<String> token = BearerToken.parse(header);
    token.ifPresent(t -> {
      assertThat(t).matches(B64TOKEN).hasSizeLessThanOrEqualTo(BearerToken.MAX_LENGTH);
      assertThat(header).endsWith(t);
    });
  }

  @Test
  void corpus_everyEntry_yieldsTokenOrNothing() {
    CORPUS.forEach(e -> assertTokenOrNothing(new String(e.bytes(), StandardCharsets.ISO_8859_1)));
  }

  @Test
  void anyHeader_tokenOrNothing_neverThrow() {
    Fuzz.check("bearer any header", 20261230L, 2000, f -> assertTokenOrNothing(f.logged("header",
        f.pick(List.of(f.text(60), "Bearer " + f.text(40), "bearer " + "a".repeat(f.between(8000, 8300)),
            new String(f.nasty(), StandardCharsets.ISO_8859_1))))));
  }

  @Test
  void mutatedCorpus_tokenOrNothing_neverThrow() {
    Fuzz.check("bearer mutated corpus", 20261231L, 1500, f -> assertTokenOrNothing(
        new String(f.mutate(f.pick(CORPUS).bytes(), 4), StandardCharsets.ISO_8859_1)));
  }
}
