package io.jeton.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jeton.core.ClientId;
import io.jeton.core.admin.AdminViews.ExportSink;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.GrantType;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an export ({@code bin/jeton export}, SPEC 11) as the import file of SPEC 5 that {@link
 * ImportReader} reads back: every realm setting, each client with its {@code secretHash} and each
 * user with its {@code passwordHash}, never a plaintext secret (there is none stored). Streaming:
 * one realm, client or user at a time, whatever the size of the export.
 */
public final class ExportWriter implements ExportSink, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonGenerator g;
  private boolean inUsers;

  /** Starts the document ({@code realms:}) on {@code out}, which {@link #close} closes. */
  public ExportWriter(OutputStream out) {
    try {
      YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();
      this.g = yaml.createGenerator(out);
      g.setCodec(JSON);
      g.writeStartObject();
      g.writeArrayFieldStart("realms");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void realm(Realm r) {
    try {
      g.writeStartObject();
      g.writeStringField(ImportReader.REALM_NAME.key(), r.name().value());
      g.writeStringField(ImportReader.ISSUER_NAME.key(), r.issuerName());
      if (r.audience().isPresent()) {
        g.writeStringField(ImportReader.AUDIENCE.key(), r.audience().get());
      }
      g.writeNumberField(ImportReader.ACCESS_TTL.key(), r.accessTokenTtl().toSeconds());
      g.writeNumberField(ImportReader.REFRESH_TTL.key(), r.refreshTokenTtl().toSeconds());
      g.writeNumberField(ImportReader.SESSION_MAX_TTL.key(), r.sessionMaxTtl().toSeconds());
      g.writeNumberField(ImportReader.REUSE_GRACE.key(), r.refreshReuseGrace().toSeconds());
      g.writeStringField(ImportReader.SIGNING_ALGORITHM.key(), r.signingAlgorithm().name());
      g.writeStringField(ImportReader.ACCESS_TOKEN_TYP.key(), r.accessTokenTyp().value());
      g.writeNumberField(ImportReader.MAX_SESSIONS_PER_USER.key(), r.maxSessionsPerUser());
      g.writeNumberField(ImportReader.KEY_ROTATION_DAYS.key(), r.keyPolicy().rotation().toDays());
      g.writeNumberField(ImportReader.KEY_PUBLISH_SECONDS.key(), r.keyPolicy().publish().toSeconds());
      g.writeObjectFieldStart("lockout");
      g.writeNumberField(ImportReader.LOCKOUT_MAX_FAILURES.key(), r.lockout().maxFailures());
      g.writeNumberField(ImportReader.LOCKOUT_LOCK_SECONDS.key(), r.lockout().lock().toSeconds());
      g.writeNumberField(ImportReader.LOCKOUT_MAX_LOCK_SECONDS.key(), r.lockout().maxLock().toSeconds());
      g.writeNumberField(ImportReader.LOCKOUT_CLIENT_MAX_FAILURES.key(), r.lockout().clientMaxFailures());
      g.writeEndObject();
      g.writeArrayFieldStart("authServices");
      for (AuthServiceRef s : r.authServices()) {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("type", s.type());
        for (Map.Entry<String, String> e : new TreeMap<>(s.settings()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!r.dialectClients().isEmpty()) {
        g.writeObjectFieldStart("dialects");
        for (Map.Entry<String, ClientId> e : new TreeMap<>(r.dialectClients()).entrySet()) {
          g.writeObjectFieldStart(e.getKey());
          g.writeStringField("client", e.getValue().value());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("clients");
      inUsers = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void client(Client c) {
    try {
      g.writeStartObject();
      g.writeStringField("id", c.id().value());
      if (c.secretHash().isPresent()) {
        g.writeStringField("secretHash", c.secretHash().get());
      }
      if (c.isPublic()) {
        g.writeBooleanField("public", true);
      }
      strings("grants", c.grants().stream().map(GrantType::wire).sorted().toList());
      strings("scopes", c.scopes().stream().sorted().toList());
      if (c.rateLimit() != 0) {
        g.writeNumberField("rateLimit", c.rateLimit());
      }
      if (c.certificateSubject().isPresent()) {
        g.writeStringField("certificateSubject", c.certificateSubject().get());
      }
      if (c.jwks().isPresent()) {
        g.writeFieldName("jwks");
        g.writeTree(JSON.readTree(c.jwks().get()));
      }
      if (c.certificate().isPresent()) {
        g.writeStringField("certificate", c.certificate().get());
      }
      strings("resources", c.resources().stream().sorted().toList());
      strings("authMethods", c.authMethods().stream().map(ClientCredentials.Method::wire).sorted().toList());
      if (c.certificateBoundTokens()) {
        g.writeBooleanField("certificateBoundTokens", true);
      }
      strings("redirectUris", c.redirectUris());
      strings("postLogoutRedirectUris", c.postLogoutRedirectUris());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void user(User u) {
    try {
      startUsers();
      g.writeStartObject();
      g.writeStringField("username", u.username());
      g.writeStringField("id", u.id().value());
      if (u.passwordHash().isPresent()) {
        g.writeStringField("passwordHash", u.passwordHash().get());
      }
      g.writeBooleanField("enabled", u.enabled());
      strings("roles", u.roles());
      if (!u.attributes().isEmpty()) {
        g.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> e : new TreeMap<>(u.attributes()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void endRealm() {
    try {
      startUsers();
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startUsers() throws IOException {
    if (!inUsers) {
      g.writeEndArray();
      g.writeArrayFieldStart("users");
      inUsers = true;
    }
  }

  private void strings(String field, Collection<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Ends the document and closes the stream. */
  @Override
  public void close() {
    try {
      g.writeEndArray();
      g.writeEndObject();
      g.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
