package io.jeton.cli;

import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminFailure;
import io.jeton.core.audit.AuditEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/jeton audit --realm R [--type T] [--since ISO-8601] [--limit N]} (SPEC 11). */
@Command(name = "audit", sortOptions = false, description = "Read a realm's audit log, newest first.")
final class AuditCommand extends AdminCommand {
  @Option(names = "--realm", paramLabel = "R", required = true, description = "The realm.")
  String realm;

  @Option(names = "--type", paramLabel = "T", description = "Only events of this type: login_ok, login_failed, "
      + "refresh, refresh_reuse_detected, refresh_replayed, revoke, client_auth_failed, lockout.")
  String type;

  @Option(names = "--since", paramLabel = "ISO-8601", description = "Only events at or after this instant, e.g. "
      + "2026-12-01T00:00:00Z.")
  String since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N events, 1 to 1000 "
      + "(${DEFAULT-VALUE}).")
  int limit;

  @Override
  int run(Admin admin) {
    Optional<Instant> from;
    try {
      from = Optional.ofNullable(since).map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw new AdminFailure.Invalid("--since '" + since + "': expected an ISO-8601 instant such as "
          + "2026-12-01T00:00:00Z");
    }
    List<AuditEvent> events = admin.audit(realm, Optional.ofNullable(type), from, limit);
    if (json) {
      printJson(g -> {
        g.writeStringField("realm", realm);
        g.writeArrayFieldStart("events");
        for (AuditEvent e : events) {
          g.writeStartObject();
          g.writeStringField("at", e.at().toString());
          g.writeStringField("type", e.type().name().toLowerCase(Locale.ROOT));
          g.writeStringField("clientId", e.clientId());
          g.writeStringField("userId", e.userId());
          g.writeStringField("username", e.username());
          g.writeStringField("sessionId", e.sessionId());
          g.writeStringField("address", e.address());
          g.writeStringField("correlationId", e.correlationId());
          g.writeStringField("detail", e.detail());
          g.writeEndObject();
        }
        g.writeEndArray();
      });
    } else {
      table(out, List.of("AT", "TYPE", "CLIENT", "USER", "SESSION", "DETAIL"), events.stream().map(e -> List.of(
          e.at().toString(), e.type().name().toLowerCase(Locale.ROOT), e.clientId(),
          e.username().isEmpty() ? e.userId() : e.username(), e.sessionId(), e.detail())).toList());
    }
    return 0;
  }
}
