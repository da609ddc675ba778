package io.jeton.server;

import static io.jeton.server.DialectFixture.CID;
import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.TestNode.FORM;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Correlation ids across the seed dialects (SPEC section 4, issue 3 item 7): the id a request
 * brings ({@code x-correlation-id}, else {@code X-Request-Id}, else {@code traceparent}'s trace
 * id) or a generated one is echoed on success and on error, and the audit events the request
 * causes carry it.
 */
class DialectCorrelationHttpTest {
  private static final String ALICE_JSON = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
  private static final String WRONG_JSON = "{\"username\":\"alice\",\"password\":\"nope\"}";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String app() {
    return basic("app", "app-secret");
  }

  private static String newId() {
    return "corr-" + UUID.randomUUID();
  }

  /** Sends with {@code header: id}; asserts the response's {@code x-correlation-id} is {@code echoed}. */
  private static HttpResponse<String> send(HttpRequest.Builder b, String header, String id, String echoed) {
    HttpResponse<String> r = node.send(b.header(header, id).build());
    assertThat(r.headers().allValues(CID)).as(r.body()).containsExactly(echoed);
    assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    return r;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String id) {
    return send(b, CID, id, id);
  }

  /** The types of the realm's audit events that carry {@code id}, once the audit log is flushed. */
  private static List<AuditType> audited(String realm, String id) {
    node.server.engine().flushAudit();
    return node.server.database().stores().audit().recent(realm, 10_000).stream()
        .filter(e -> e.correlationId().equals(id)).map(AuditEvent::type).toList();
  }

  private static HttpRequest.Builder c1Login(String auth, String json) {
    return DialectFixture.request(node, "/auth/login").header("Authorization", auth)
        .header("Content-Type", JSON_TYPE).POST(body(json));
  }

  private static HttpRequest.Builder onesaitToken(String... namesAndValues) {
    return DialectFixture.request(node, "/oauth-server/oauth/token").header("Authorization", app())
        .header("Content-Type", FORM).POST(body(form(namesAndValues)));
  }

  private static HttpRequest.Builder agsSignon(String password) {
    return AgsHttpTest.signon(node, "shop", "password",
        AgsHttpTest.params("username", "alice", "password", password));
  }

  private static HttpRequest.Builder aminoLogin(String json) {
    return AminoHttpTest.post(node, AminoHttpTest.LOGIN, JSON_TYPE, json);
  }

  private record Case(Supplier<HttpRequest.Builder> request, AuditType audited) {}

  @Test
  void everyDialect_successAndError_echoTheIdAndAuditWithIt() {
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("c1 login", new Case(() -> c1Login(app(), ALICE_JSON), AuditType.LOGIN_OK));
    cases.put("c1 bad client", new Case(() -> c1Login(basic("app", "wrong"), ALICE_JSON),
        AuditType.CLIENT_AUTH_FAILED));
    cases.put("c1 bad password", new Case(() -> c1Login(app(), WRONG_JSON), AuditType.LOGIN_FAILED));
    cases.put("onesait login", new Case(() -> onesaitToken("grant_type", "password", "username", "alice",
        "password", "alice-pass"), AuditType.LOGIN_OK));
    cases.put("onesait bad password", new Case(() -> onesaitToken("grant_type", "password", "username",
        "alice", "password", "nope"), AuditType.LOGIN_FAILED));
    cases.put("ags signon", new Case(() -> agsSignon("alice-pass"), AuditType.LOGIN_OK));
    cases.put("ags bad password", new Case(() -> agsSignon("nope"), AuditType.LOGIN_FAILED));
    cases.put("amino login", new Case(() -> aminoLogin(ALICE_JSON), AuditType.LOGIN_OK));
    cases.put("amino bad password", new Case(() -> aminoLogin(WRONG_JSON), AuditType.LOGIN_FAILED));
    Map<String, String> ids = new LinkedHashMap<>();
    cases.forEach((name, c) -> {
      String id = newId();
      ids.put(name, id);
      send(c.request().get(), id);
    });
    ids.forEach((name, id) -> assertThat(audited("shop", id)).as(name)
        .containsExactly(cases.get(name).audited()));
  }

  @Test
  void refreshAndRevoke_throughEachDialect_auditWithTheRequestsId() {
    String login = newId();
    JsonNode c1 = TestNode.json(send(c1Login(app(), ALICE_JSON), login));
    String renew = newId();
    JsonNode renewed = TestNode.json(send(DialectFixture.request(node, "/auth/renew")
        .header("Authorization", app()).header("Content-Type", JSON_TYPE)
        .POST(body("{\"refreshToken\":\"" + c1.get("refreshToken").textValue() + "\"}")), renew));
    String ags = newId();
    JsonNode agsTokens = TestNode.json(send(AgsHttpTest.refresh(node, "shop", "password",
        renewed.get("refreshToken").textValue(), AgsHttpTest.params()), ags));
    String amino = newId();
    JsonNode aminoDoc = TestNode.json(send(AminoHttpTest.post(node, AminoHttpTest.TOKEN, FORM,
        form("grant_type", "refresh_token", "refresh_token", agsTokens.get("refresh_token").textValue())),
        amino));
    String reuse = newId();
    HttpResponse<String> reused = send(AgsHttpTest.refresh(node, "shop", "password",
        agsTokens.get("refresh_token").textValue(), AgsHttpTest.params()), reuse);
    assertThat(reused.statusCode()).isEqualTo(401);

    assertThat(audited("shop", login)).containsExactly(AuditType.LOGIN_OK);
    assertThat(audited("shop", renew)).containsExactly(AuditType.REFRESH);
    assertThat(audited("shop", ags)).containsExactly(AuditType.REFRESH);
    assertThat(audited("shop", amino)).containsExactly(AuditType.REFRESH);
    assertThat(audited("shop", reuse)).contains(AuditType.REFRESH_REUSE_DETECTED);
    assertThat(aminoDoc.get("data").get(0).get("id").textValue())
        .isEqualTo(DialectFixture.claims(c1.get("accessToken").textValue()).get("sid").textValue());

    String onesaitRevoke = newId();
    JsonNode second = TestNode.json(send(onesaitToken("grant_type", "password", "username", "alice",
        "password", "alice-pass"), newId()));
    send(DialectFixture.request(node, "/oauth-server/openplatform-oauth/revoke_token?token="
        + second.get("access_token").textValue()).header("Authorization", app())
        .POST(HttpRequest.BodyPublishers.noBody()), onesaitRevoke);
    assertThat(audited("shop", onesaitRevoke)).contains(AuditType.REVOKE);

    String aminoDelete = newId();
    JsonNode third = TestNode.json(send(aminoLogin(ALICE_JSON), newId()));
    HttpResponse<String> deleted = send(AminoHttpTest.delete(node, "Bearer "
        + third.get("data").get(0).get("attributes").get("access_token").textValue()), aminoDelete);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(audited("shop", aminoDelete)).containsExactly(AuditType.REVOKE);
  }

  @Test
  void everyDialect_refusalsWithoutAudit_stillEchoTheId() {
    String big = "x".repeat(TestNode.MAX_BODY_BYTES + 1);
    List<HttpRequest.Builder> refusals = List.of(
        DialectFixture.request(node, "/auth/login").PUT(body("{}")),
        DialectFixture.request(node, "/auth/validate").header("Authorization", app()).GET(),
        c1Login(app(), big),
        DialectFixture.request(node, "/oauth-server/oauth/check_token?token=x")
            .header("Authorization", app()).GET(),
        onesaitToken("grant_type", "client_credentials"),
        onesaitToken().POST(body(big)),
        DialectFixture.request(node, AgsHttpTest.DISCOVERY).DELETE(),
        DialectFixture.request(node, AgsHttpTest.SIGNON).header("Content-Type", JSON_TYPE).POST(body("{}")),
        agsSignon("x").POST(body(big)),
        DialectFixture.request(node, AminoHttpTest.SESSION).DELETE(),
        aminoLogin("[]"),
        aminoLogin(big));
    for (HttpRequest.Builder b : refusals) {
      HttpResponse<String> r = send(b, "err-" + UUID.randomUUID());
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    }
  }

  @Test
  void requestIdAndTraceparent_areUsedWhenThereIsNoCorrelationId() {
    String requestId = "req-" + UUID.randomUUID();
    send(c1Login(app(), ALICE_JSON), "X-Request-Id", requestId, requestId);
    assertThat(audited("shop", requestId)).containsExactly(AuditType.LOGIN_OK);

    String trace = UUID.randomUUID().toString().replace("-", "");
    send(agsSignon("alice-pass"), "traceparent", "00-" + trace + "-00f067aa0ba902b7-01", trace);
    assertThat(audited("shop", trace)).containsExactly(AuditType.LOGIN_OK);
  }

  @Test
  void noIdSent_aGeneratedOneIsEchoedAndAudited() {
    HttpResponse<String> r = node.send(aminoLogin(ALICE_JSON).build());
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue(CID).orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(audited("shop", id)).containsExactly(AuditType.LOGIN_OK);
  }
}
