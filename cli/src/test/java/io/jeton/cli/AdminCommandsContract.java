package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operator's command of SPEC 11 on one database, with its bad input: exit 0, 2 (bad
 * arguments, a duplicate) or 3 (an unknown realm, client or user), one line on stderr. Each test
 * uses its own realm, so one database serves the class; subclasses give H2 and PostgreSQL.
 */
abstract class AdminCommandsContract {
  abstract Cli cli();

  static String realmName() {
    return "r-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A failure: the status, nothing on stdout, one line on stderr naming {@code what}. */
  static void assertRefused(Cli.Run run, int status, String what) {
    assertThat(run.status()).as(run.toString()).isEqualTo(status);
    // log lines (a pool warning when the machine stalls) are not the command's answer
    assertThat(run.err().lines().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList()).as(run.toString())
        .hasSize(1);
    assertThat(run.err()).contains(what).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void realm_createListShowDelete_roundTripsAndDeletesEverything() {
    String r = realmName();
    Cli.Run created = cli().run("realm", "create", r, "--issuer-name", "Acme Corp", "--access-token-ttl", "600",
        "--signing-algorithm", "RS256", "--json");
    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.json().get("accessTokenTtl").asLong()).isEqualTo(600);

    JsonNode shown = cli().run("realm", "show", r, "--json").json();
    assertThat(shown.get("issuerName").asText()).isEqualTo("Acme Corp");
    assertThat(shown.get("signingAlgorithm").asText()).isEqualTo("RS256");
    assertThat(cli().run("realm", "show", r).out()).contains("Acme Corp").contains("RS256");

    JsonNode list = cli().run("realm", "list", "--json", "--limit", "1000").json();
    assertThat(list.get("realms").findValuesAsText("name")).contains(r);
    assertThat(cli().run("realm", "list").out()).startsWith("NAME");

    assertThat(cli().run("client", "create", "--realm", r, "app").status()).isZero();
    assertThat(cli().runWithInput("pw-1\n", "user", "create", "--realm", r, "alice", "--password-stdin").status())
        .isZero();
    Cli.Run deleted = cli().run("realm", "delete", r);
    assertThat(deleted.status()).as(deleted.toString()).isZero();
    assertRefused(cli().run("realm", "show", r), 3, "no realm '" + r + "'");
    assertRefused(cli().run("client", "show", "--realm", r, "app"), 3, "no realm '" + r + "'");
    assertThat(cli().run("realm", "create", r).status()).as("the name is free again").isZero();
    assertThat(cli().run("client", "list", "--realm", r, "--json").json().get("clients")).isEmpty();
    assertThat(cli().run("user", "list", "--realm", r, "--json").json().get("users")).isEmpty();
  }

  @Test
  void realm_badInput_isRefusedInOneLine() {
    String r = realmName();
    assertThat(cli().run("realm", "create", r).status()).isZero();
    assertRefused(cli().run("realm", "create", r), 2, "realm '" + r + "' exists already");
    assertRefused(cli().run("realm", "create", "bad/name"), 2, "bad/name");
    assertRefused(cli().run("realm", "create", realmName(), "--access-token-ttl", "0"), 2, "accessTokenTtl");
    assertRefused(cli().run("realm", "create", realmName(), "--access-token-ttl", "soon"), 2, "soon");
    assertRefused(cli().run("realm", "create", realmName(), "--signing-algorithm", "MD5"), 2, "MD5");
    assertRefused(cli().run("realm", "create"), 2, "NAME");
    assertRefused(cli().run("realm", "delete", realmName()), 3, "no realm");
    assertRefused(cli().run("realm", "list", "--limit", "0"), 2, "limit");
    assertRefused(cli().run("realm", "frobnicate"), 2, "frobnicate");
  }

  @Test
  void client_createPrintsTheSecretOnceAndShowListRotateDeleteWork() {
    String r = realmName();
    cli().run("realm", "create", r);
    Cli.Run created = cli().run("client", "create", "--realm", r, "app", "--grant", "client_credentials",
        "--scope", "read", "--scope", "write", "--json");
    assertThat(created.status()).as(created.toString()).isZero();
    String secret = created.json().get("secret").asText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
    assertThat(created.json().get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");

    Cli.Run shown = cli().run("client", "show", "--realm", r, "app", "--json");
    assertThat(shown.json().get("grants").toString()).isEqualTo("[\"client_credentials\"]");
    assertThat(shown.out()).doesNotContain(secret).doesNotContain("hmac-sha256");
    assertThat(cli().run("client", "list", "--realm", r).out()).contains("app").contains("confidential")
        .doesNotContain(secret);

    Cli.Run table = cli().run("client", "create", "--realm", r, "spa", "--public", "--redirect-uri",
        "https://spa.example/cb");
    assertThat(table.status()).as(table.toString()).isZero();
    assertThat(table.out()).doesNotContain("secret:");
    JsonNode spa = cli().run("client", "show", "--realm", r, "spa", "--json").json();
    assertThat(spa.get("public").asBoolean()).isTrue();
    assertThat(spa.get("grants").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");

    JsonNode page = cli().run("client", "list", "--realm", r, "--limit", "1", "--json").json();
    assertThat(page.get("clients").findValuesAsText("id")).containsExactly("app");
    assertThat(page.get("next").asText()).isEqualTo("app");
    assertThat(cli().run("client", "list", "--realm", r, "--after", "app", "--json").json().get("clients")
        .findValuesAsText("id")).containsExactly("spa");

    String rotated = cli().run("client", "rotate-secret", "--realm", r, "app", "--json").json().get("secret").asText();
    assertThat(rotated).isNotEqualTo(secret);
    assertRefused(cli().run("client", "rotate-secret", "--realm", r, "spa"), 2, "public");

    assertThat(cli().run("client", "delete", "--realm", r, "app").status()).isZero();
    assertRefused(cli().run("client", "show", "--realm", r, "app"), 3, "no client 'app' in realm '" + r + "'");
  }

  @Test
  void client_badInput_isRefusedInOneLine() {
    String r = realmName();
    cli().run("realm", "create", r);
    assertThat(cli().run("client", "create", "--realm", r, "app").status()).isZero();
    assertRefused(cli().run("client", "create", "--realm", r, "app"), 2, "client 'app' exists already");
    assertRefused(cli().run("client", "create", "--realm", "nope-" + r, "app"), 3, "no realm 'nope-" + r + "'");
    assertRefused(cli().run("client", "create", "--realm", r, "x", "--grant", "magic"), 2, "unknown grant 'magic'");
    assertRefused(cli().run("client", "create", "--realm", r, "y", "--grant", "authorization_code"), 2,
        "redirectUris");
    assertRefused(cli().run("client", "create", "app"), 2, "--realm");
    assertRefused(cli().run("client", "create", "--realm", r), 2, "ID");
    assertRefused(cli().run("client", "delete", "--realm", r, "ghost"), 3, "no client 'ghost'");
    assertRefused(cli().run("client", "list", "--realm", "nope-" + r), 3, "no realm");
  }

  @Test
  void user_createShowListSetPasswordUnlockDelete() {
    String r = realmName();
    cli().run("realm", "create", r);
    Cli.Run created = cli().runWithInput("s3cret-pass\n", "user", "create", "--realm", r, "alice", "--role", "ADMIN",
        "--attribute", "customerId=msp-42", "--attribute", "accountId=1663", "--password-stdin", "--json");
    assertThat(created.status()).as(created.toString()).isZero();
    JsonNode alice = created.json();
    assertThat(alice.get("hasPassword").asBoolean()).isTrue();
    assertThat(alice.get("attributes").get("accountId").asText()).isEqualTo("1663");
    assertThat(created.out()).doesNotContain("s3cret-pass").doesNotContain("argon2");

    assertThat(cli().run("user", "create", "--realm", r, "bob", "--disabled").status()).isZero();
    JsonNode bob = cli().run("user", "show", "--realm", r, "bob", "--json").json();
    assertThat(bob.get("enabled").asBoolean()).isFalse();
    assertThat(bob.get("hasPassword").asBoolean()).isFalse();
    assertThat(cli().run("user", "list", "--realm", r, "--json").json().get("users").findValuesAsText("username"))
        .containsExactly("alice", "bob");
    assertThat(cli().run("user", "show", "--realm", r, "alice").out()).contains("customerId").contains("msp-42");

    assertThat(cli().runWithInput("new-pass\n", "user", "set-password", "--realm", r, "bob").status()).isZero();
    assertThat(cli().run("user", "show", "--realm", r, "bob", "--json").json().get("hasPassword").asBoolean())
        .isTrue();
    Cli.Run unlock = cli().run("user", "unlock", "--realm", r, "alice", "--json");
    assertThat(unlock.out().trim()).isEqualTo("{\"realm\":\"" + r + "\",\"username\":\"alice\",\"hadFailures\":false}");

    assertThat(cli().run("user", "delete", "--realm", r, "alice").status()).isZero();
    assertRefused(cli().run("user", "show", "--realm", r, "alice"), 3, "no user 'alice' in realm '" + r + "'");
  }

  @Test
  void user_badInput_isRefusedInOneLine() {
    String r = realmName();
    cli().run("realm", "create", r);
    assertThat(cli().run("user", "create", "--realm", r, "alice").status()).isZero();
    assertRefused(cli().run("user", "create", "--realm", r, "alice"), 2, "user 'alice' exists already");
    assertRefused(cli().runWithInput("", "user", "create", "--realm", r, "carol", "--password-stdin"), 2,
        "no password on standard input");
    assertRefused(cli().run("user", "create", "--realm", r, "dave", "--attribute", "novalue"), 2, "k=v");
    assertRefused(cli().runWithInput("", "user", "set-password", "--realm", r, "alice"), 2, "no password");
    assertRefused(cli().runWithInput("x\n", "user", "set-password", "--realm", r, "ghost"), 3, "no user 'ghost'");
    assertRefused(cli().run("user", "unlock", "--realm", r, "ghost"), 3, "no user 'ghost'");
    assertRefused(cli().run("user", "delete", "--realm", "nope-" + r, "alice"), 3, "no realm");
    assertRefused(cli().run("user", "show", "--realm", r), 2, "USERNAME");
  }

  @Test
  void sessionsKeysAudit_onAFreshRealm_answerAndRefuseBadInput() {
    String r = realmName();
    cli().run("realm", "create", r);
    cli().run("user", "create", "--realm", r, "alice");
    assertThat(cli().run("sessions", "list", "--realm", r, "--json").json().get("sessions")).isEmpty();
    assertThat(cli().run("sessions", "list", "--realm", r, "--user", "alice").out()).startsWith("ID");
    assertThat(cli().run("sessions", "revoke", "--realm", r, "--user", "alice", "--json").json().get("revoked"))
        .isEmpty();
    assertRefused(cli().run("sessions", "revoke", "--realm", r, "--id", "no-such-session"), 3, "no session");
    assertRefused(cli().run("sessions", "revoke", "--realm", r), 2, "--user");
    assertRefused(cli().run("sessions", "revoke", "--realm", r, "--user", "alice", "--id", "x"), 2, "mutually");
    assertRefused(cli().run("sessions", "list", "--realm", r, "--user", "ghost"), 3, "no user 'ghost'");

    Cli.Run rotated = cli().run("keys", "rotate", "--realm", r, "--json");
    assertThat(rotated.status()).as(rotated.toString()).isZero();
    assertThat(cli().run("keys", "list", "--realm", r, "--json").json().get("keys")).isNotEmpty();
    assertRefused(cli().run("keys", "list", "--realm", "nope-" + r), 3, "no realm");

    assertThat(cli().run("audit", "--realm", r, "--type", "login_failed", "--since", "2020-01-01T00:00:00Z",
        "--json").json().get("events")).isEmpty();
    assertThat(cli().run("audit", "--realm", r).out()).startsWith("AT");
    assertRefused(cli().run("audit", "--realm", r, "--type", "coffee"), 2, "unknown audit type 'coffee'");
    assertRefused(cli().run("audit", "--realm", r, "--since", "yesterday"), 2, "--since 'yesterday'");
    assertRefused(cli().run("audit", "--realm", r, "--limit", "5000"), 2, "limit");
    assertRefused(cli().run("audit", "--realm", "nope-" + r), 3, "no realm");
  }
}
