package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link BasicCredentials} (issue 6 point 9): any header value, any bytes inside the
 * base64, and edits of the corpus ({@code fuzz/basic}) read as credentials or are refused with
 * {@code invalid_client} (or {@code invalid_request}); nothing throws.
 */
class BasicCredentialsFuzzTest {
  static final List<FuzzCorpus.Entry> CORPUS = FuzzCorpus.load("fuzz/basic");

  static void assertReadOrRefused(String header) {
    Parsed<ClientCredentials> p = BasicCredentials.parse(header);
    if (p instanceof Parsed.Bad<ClientCredentials>(OAuthError e)) {
      assertThat(e.code()).isIn(ErrorCode.INVALID_CLIENT, ErrorCode.INVALID_REQUEST);
      assertThat(e.description()).isNotBlank();
      return;
    }
    ClientCredentials c = ((Parsed.Ok<ClientCredentials>) p).value();
    assertThat(c.clientId().value()).isNotEmpty().hasSizeLessThanOrEqualTo(ClientId.MAX_LENGTH);
  }

  @Test
  void corpus_everyEntry_readsOrIsRefused() {
    CORPUS.forEach(e -> assertReadOrRefused(new String(e.bytes(), StandardCharsets.ISO_8859_1)));
  }

  @Test
  void anyHeader_readOrRefuse_neverThrow() {
    Fuzz.check("basic any header", 20261220L, 1500, f -> assertReadOrRefused(f.logged("header",
        f.pick(List.of(f.text(80), "Basic " + f.text(60), new String(f.nasty(), StandardCharsets.ISO_8859_1))))));
  }

  @Test
  void anyBytesInBase64_readOrRefuse_neverThrow() {
    Fuzz.check("basic any base64", 20261221L, 1500, f -> {
      byte[] raw = f.logged("decoded", f.pick(List.of(f.bytes(60), f.nasty(),
          f.mutate("app:app-secret".getBytes(StandardCharsets.UTF_8), 3))));
      assertReadOrRefused("Basic " + Base64.getEncoder().encodeToString(raw));
    });
  }

  @Test
  void mutatedCorpus_readOrRefuse_neverThrow() {
    Fuzz.check("basic mutated corpus", 20261222L, 1500, f -> assertReadOrRefused(
        new String(f.mutate(f.pick(CORPUS).bytes(), 4), StandardCharsets.ISO_8859_1)));
  }

  /** RFC 6749 section 2.3.1: a form-encoded id and secret, any Unicode, read back as sent. */
  @Test
  void encodedCredentials_roundTrip() {
    Fuzz.check("basic round trip", 20261223L, 500, f -> {
      String id = "c" + f.unicode(40);
      String secret = "s" + f.unicode(60);
      String header = f.logged("header", "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret))
          .getBytes(StandardCharsets.US_ASCII)));
      Parsed<ClientCredentials> p = BasicCredentials.parse(header);
      assertThat(p).isInstanceOf(Parsed.Ok.class);
      ClientCredentials c = ((Parsed.Ok<ClientCredentials>) p).value();
      assertThat(c.clientId().value()).isEqualTo(id);
      assertThat(c.secret()).contains(secret);
    });
  }

  @Test
  void repeatedOrMissingHeader_isRefused() {
    Fuzz.check("basic header count", 20261224L, 200, f -> {
      int n = f.pick(0, 2, 3);
      List<String> values = java.util.stream.IntStream.range(0, n).mapToObj(i -> f.text(20)).toList();
      assertThat(BasicCredentials.parse(WireHeaders.of(Map.of("authorization", values))))
          .isInstanceOf(Parsed.Bad.class);
    });
    assertThat(BasicCredentials.parse(WireHeaders.EMPTY)).isInstanceOf(Parsed.Bad.class);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

}
