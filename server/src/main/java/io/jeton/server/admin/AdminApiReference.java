package io.jeton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code docs/admin-api.md} from the OpenAPI document the server serves at {@code
 * /admin/openapi.json}, so that the guide's route and schema tables cannot drift from it (a test
 * compares the two, another the document with the routes). Run {@code main} with the output path.
 */
public final class AdminApiReference {
  private static final List<String> METHODS = List.of("get", "post", "put", "delete");

  private AdminApiReference() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/admin-api.md");
    Files.writeString(out, render(), StandardCharsets.UTF_8);
  }

  /** The whole page as Markdown. */
  public static String render() {
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(AdminApi.openApiDocument());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder md = new StringBuilder();
    md.append(INTRO);
    md.append("## Routes\n\n")
        .append("Every route but the first needs an admin token. Path segments are %-encoded (a `/` in a client id\n")
        .append("or username is `%2F`). The error statuses of each route are in the OpenAPI document.\n\n")
        .append("| method | path | query | body | success | what |\n|---|---|---|---|---|---|\n");
    doc.get("paths").properties().forEach(p -> {
      for (String m : METHODS) {
        JsonNode op = p.getValue().get(m);
        if (op == null) {
          continue;
        }
        List<String> query = new ArrayList<>();
        List<JsonNode> params = new ArrayList<>();
        p.getValue().path("parameters").forEach(params::add);
        op.path("parameters").forEach(params::add);
        for (JsonNode param : params) {
          JsonNode r = resolve(doc, param);
          if (r.path("in").asText().equals("query")) {
            query.add("`" + r.get("name").asText() + "`");
          }
        }
        String body = op.has("requestBody")
            ? schemaName(op.path("requestBody").path("content").path("application/json").path("schema"))
                + (op.path("requestBody").path("required").asBoolean(false) ? "" : " (optional)")
            : "";
        String success = "";
        for (Map.Entry<String, JsonNode> s : op.path("responses").properties()) {
          if (s.getKey().startsWith("2")) {
            var content = s.getValue().path("content").properties().iterator();
            JsonNode schema = content.hasNext() ? content.next().getValue().path("schema")
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            success = s.getKey() + (schema.has("$ref") ? " " + schemaName(schema) : "");
            break;
          }
        }
        md.append("| ").append(m.toUpperCase(Locale.ROOT)).append(" | `").append(p.getKey()).append("` | ")
            .append(String.join(", ", query)).append(" | ").append(body).append(" | ").append(success).append(" | ")
            .append(op.path("summary").asText()).append(" |\n");
      }
    });
    md.append("\n## Schemas\n\n")
        .append("Fields marked * are always present in an answer, or required in a request body. A request body\n")
        .append("with any other field is refused (400).\n");
    doc.at("/components/schemas").properties().forEach(s -> {
      md.append("\n### ").append(s.getKey()).append("\n\n");
      if (s.getValue().has("description")) {
        md.append(s.getValue().get("description").asText()).append("\n\n");
      }
      Set<String> required = new HashSet<>();
      s.getValue().path("required").forEach(r -> required.add(r.asText()));
      md.append("| field | type | description |\n|---|---|---|\n");
      s.getValue().path("properties").properties().forEach(f -> md.append("| `").append(f.getKey()).append('`')
          .append(required.contains(f.getKey()) ? " *" : "").append(" | ").append(type(f.getValue())).append(" | ")
          .append(f.getValue().path("description").asText()).append(" |\n"));
    });
    return md.toString();
  }

  private static JsonNode resolve(JsonNode doc, JsonNode n) {
    while (n.has("$ref")) {
      n = doc.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }

  private static String schemaName(JsonNode schema) {
    String ref = schema.path("$ref").asText();
    String name = ref.substring(ref.lastIndexOf('/') + 1);
    return "[" + name + "](#" + name.toLowerCase(Locale.ROOT) + ")";
  }

  private static String type(JsonNode f) {
    if (f.has("$ref")) {
      return schemaName(f);
    }
    JsonNode t = f.path("type");
    String base = t.isArray() ? String.join(" or ", toList(t)) : t.asText();
    if (base.equals("array")) {
      JsonNode items = f.path("items");
      base = "array of " + (items.has("$ref") ? schemaName(items) : items.path("type").asText());
    }
    if (f.has("enum")) {
      base += ": " + String.join(", ", toList(f.get("enum")).stream().map(v -> "`" + v + "`").toList());
    }
    if (f.has("format")) {
      base += " (" + f.get("format").asText() + ")";
    }
    return base;
  }

  private static List<String> toList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static final String INTRO = """
      # Admin REST API

      <!-- Generated by io.jeton.server.admin.AdminApiReference from the OpenAPI document
      server/src/main/resources/io/jeton/server/admin/openapi.json; do not edit by hand. Regenerate:
      java -cp cli/target/jeton.jar io.jeton.server.admin.AdminApiReference docs/admin-api.md -->

      The admin API manages what `bin/jeton` manages (SPEC 11): realms, clients, users, sessions,
      signing keys, the audit log, export and import, over HTTP under `/admin`. It calls the same
      core operations as the CLI, so both refuse the same input with the same words. Its OpenAPI
      3.1 document is served at `/admin/openapi.json` (a test checks it against the routes; this
      page is generated from it).

      ## Turning it on

      The API is off, and every path under `/admin` answers like any unknown path (404), until the
      configuration key `adminRealm` (`JETON_ADMIN_REALM`, `--admin-realm`) names the realm whose
      access tokens may call it. Give that realm a confidential client allowed the scope
      `jeton:admin` and the `client_credentials` grant, and keep its secret like a root password:

      ```sh
      bin/jeton realm create ops
      bin/jeton client create --realm ops ops-cli --grant client_credentials --scope jeton:admin   # prints the secret once
      JETON_ADMIN_REALM=ops bin/jeton serve --config jeton.yaml
      ```

      or in the configuration file (`adminRealm: ops`, and the realm and client in an import file).

      ## Calling it

      ```sh
      J=http://localhost:8080
      ADMIN=$(curl -s -u ops-cli:$SECRET -d grant_type=client_credentials -d scope=jeton:admin \\
        $J/realms/ops/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')

      curl -s -H "Authorization: Bearer $ADMIN" $J/admin/realms
      curl -s -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
        -d '{"id": "billing", "grants": ["client_credentials"], "scopes": ["invoices:read"]}' \\
        $J/admin/realms/acme/clients            # 201: {"client": {...}, "secret": "..."}, the secret shown once
      curl -s -H "Authorization: Bearer $ADMIN" -X DELETE $J/admin/realms/acme/users/alice/sessions
      ```

      ## Who may call

      A request needs `Authorization: Bearer` and an access token that is valid (signature,
      expiry, not revoked), issued by the realm `adminRealm`, and carrying the scope `jeton:admin`
      (RFC 6750). A token bound to a client certificate (RFC 8705) counts only over a connection
      presenting that certificate. DPoP-bound tokens (RFC 9449) are refused: this API checks no
      DPoP proof, so it takes bearer tokens only; get the admin token without a `DPoP` header.

      | the request | status | `WWW-Authenticate` |
      |---|---|---|
      | no `Authorization`, or another scheme (`Basic`, `DPoP`) | 401 `unauthorized` | `Bearer realm="jeton-admin"` |
      | a token that is malformed, invalid, expired or revoked | 401 `unauthorized` | `Bearer ..., error="invalid_token"` |
      | two `Authorization` headers | 400 `invalid_request` | `Bearer ..., error="invalid_request"` |
      | a valid token without `jeton:admin`, or of another realm of this server | 403 `forbidden` | `Bearer ..., error="insufficient_scope", scope="jeton:admin"` |

      The token is checked before anything else of the request, so a caller without one learns
      nothing, not even whether a realm exists. The OpenAPI document needs no token.

      Every change (create, delete, rotate, set-password, unlock, revoke, import) is recorded in
      the audit log of the admin realm as an `admin_action` event naming the token's client and
      subject, the route and what changed, never a secret or password:
      `GET /admin/realms/ops/audit?type=admin_action`.

      ## Errors

      Every error of the API is an RFC 9457 problem details object, `application/problem+json`,
      never a stack trace:

      ```json
      {"type": "urn:jeton:problem:duplicate_client", "title": "Duplicate client", "status": 409,
       "detail": "client 'billing' exists already in realm 'acme'", "correlationId": "5f0c..."}
      ```

      `type` is `urn:jeton:problem:` and a stable code; `detail` is one line for a person;
      `correlationId` is the request's `x-correlation-id`, as in the server's log; a refused request
      (400) lists every problem found in `errors`.

      | status | code | when |
      |---|---|---|
      | 400 | `invalid_request` | an unknown query parameter or body field, a repeated one, a wrong JSON type, a value core refuses (an unknown grant, a bad redirect URI), a body on a route that takes none, a malformed path |
      | 400 | `export_too_large` | an export over 16 MiB: export one realm at a time, or use `bin/jeton export` |
      | 401 | `unauthorized` | no valid token (above) |
      | 403 | `forbidden` | a token without `jeton:admin`, or of another realm |
      | 404 | `unknown_realm`, `unknown_client`, `unknown_user`, `unknown_session` | it does not exist |
      | 404 | `not_found` | no route at this path |
      | 405 | `method_not_allowed` | a route at this path, not with this method (`Allow` says which) |
      | 409 | `duplicate_realm`, `duplicate_client`, `duplicate_user` | it exists already |
      | 413 | `payload_too_large` | a body over `maxBodyBytes` (64 KiB by default) |
      | 415 | `unsupported_media_type` | a body that is not `application/json` in UTF-8 (an import may be `application/yaml`) |
      | 503 | `unavailable` | the server is starting or its database is away; `Retry-After` |

      ## Rules every route shares

      - Bodies are one JSON object of the route's schema, read strictly: no unknown or repeated
        field, no coercion (`"60"` is not a number, `1` not a boolean), nothing after the object.
      - Query parameters are only the route's own, each at most once.
      - Listings are bounded: `limit` is 1 to 1000 (default 100). Realms, clients and users come in
        pages in key order: pass an answer's `next` as `after` for the next page (`null` on the
        last). Sessions and audit events come newest first, at most `limit`.
      - Answers are `application/json` with `Cache-Control: no-store`; creation answers 201 with
        `Location`; deletions 204 without a body.
      - A change made through one node reaches the others at once through change notices on
        PostgreSQL, otherwise within `directory.cacheSeconds` (revocations within the revocation
        poll), as with the CLI.
      - An export is the YAML import file that `bin/jeton export` writes (`application/yaml`),
        secrets and passwords as their stored hashes, which match only under the same master key; it
        is a valid `bin/jeton import` file and `POST /admin/import` body (send it with
        `Content-Type: application/yaml`; the import also takes the file as JSON). It is built in
        memory, up to 16 MiB; export larger deployments with `bin/jeton export`. An import body is
        bounded by `maxBodyBytes`; every realm in it is checked before the first is stored.

      """;
}
