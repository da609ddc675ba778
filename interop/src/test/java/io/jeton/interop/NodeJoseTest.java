package io.jeton.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recipe 5 (docs/integrations.md): Node's {@code jose} ({@code jwtVerify} with {@code typ:
 * 'at+jwt'}) on realm {@code rfc}'s tokens. Runs {@code src/test/node/verify.mjs} after {@code npm
 * ci} of its committed lockfile into {@code target/}; skipped, with the reason, where there is no
 * {@code node} or {@code npm} on the PATH.
 */
class NodeJoseTest {
  private static final Path SOURCES = Path.of("src/test/node");
  private static final Path WORK = Path.of("target/jose-node");
  private static final Jeton JETON = Jeton.shared();
  private static Optional<Path> node;
  private static String missing;

  @BeforeAll
  static void install() throws IOException {
    node = Processes.find("node");
    Optional<Path> npm = Processes.find("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      missing = "no " + (node.isEmpty() ? "node" : "npm") + " on the PATH (" + System.getenv("PATH")
          + "): the jose recipe is not exercised";
      System.err.println("NodeJoseTest skipped: " + missing);
      return;
    }
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "verify.mjs")) {
      Files.copy(SOURCES.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/jose"))) {
      Processes.Result r = Processes.run(WORK, Duration.ofSeconds(120), "",
          List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline"));
      assertThat(r.exitCode()).as("npm ci of the committed lockfile:\n" + r.output()).isZero();
    }
  }

  /**
   * Verifies each token with the recipe set up for its realm (a token named {@code realm:name} is
   * checked by that realm's verifier, any other by {@code rfc}'s), all in one node process; the
   * results by name.
   */
  private static JsonNode verify(Map<String, String> tokens) {
    assumeTrue(missing == null, missing);
    ObjectNode in = Jeton.JSON.createObjectNode();
    tokens.forEach((name, token) -> {
      String realm = name.contains(":") ? name.substring(0, name.indexOf(':')) : "rfc";
      in.putObject(name).put("jwksUri", JETON.jwksUri(realm)).put("issuer", JETON.issuer(realm))
          .put("audience", Jeton.AUDIENCE).put("token", token);
    });
    Processes.Result r = Processes.run(WORK, Duration.ofSeconds(30), in.toString(),
        List.of(node.get().toString(), "verify.mjs"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    return Jeton.json(r.output());
  }

  @Test
  void jwtVerify_acceptsRealmTokens_refusesTamperedExpiredOtherRealmWrongAudienceAndTypJwt() {
    String client = JETON.clientToken("rfc");
    String user = JETON.userToken("rfc");
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("client", client);
    tokens.put("user", user);
    tokens.put("tampered", Jeton.tampered(client));
    tokens.put("expired", JETON.expiredToken("rfc"));
    tokens.put("otherRealm", JETON.clientToken("rfc-other"));
    tokens.put("otherAudience", JETON.clientToken("rfc", "resource", "https://billing.example"));
    // the recipe set up for realm spring, whose tokens are typ JWT: jose checks typ after the signature
    tokens.put("spring:typJwt", JETON.clientToken("spring"));

    JsonNode out = verify(tokens);

    assertThat(out.get("client").toString()).isEqualTo("{\"ok\":true,\"sub\":\"app\",\"scope\":\"" + Jeton.SCOPE + "\"}");
    assertThat(out.get("user").get("ok").asBoolean()).as(out.get("user").toString()).isTrue();
    assertThat(out.get("user").get("sub").asText()).isEqualTo(JETON.introspect("rfc", user).get("sub").asText());
    assertThat(refusal(out, "tampered")).isEqualTo("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    assertThat(refusal(out, "expired")).isEqualTo("ERR_JWT_EXPIRED exp");
    assertThat(refusal(out, "otherRealm")).isEqualTo("ERR_JWKS_NO_MATCHING_KEY");
    assertThat(refusal(out, "otherAudience")).isEqualTo("ERR_JWT_CLAIM_VALIDATION_FAILED aud");
    assertThat(refusal(out, "spring:typJwt")).isEqualTo("ERR_JWT_CLAIM_VALIDATION_FAILED typ");
  }

  /** {@code code} and, for a claim check, the claim; fails if the token was accepted. */
  private static String refusal(JsonNode out, String name) {
    JsonNode r = out.get(name);
    assertThat(r.get("ok").asBoolean()).as(name + ": " + r).isFalse();
    return r.get("code").asText() + (r.get("claim").isNull() ? "" : " " + r.get("claim").asText());
  }
}
