package io.jeton.store.jdbc;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.change.Change;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The payload of a {@code NOTIFY jeton_changes} (docs/storage.md, "Change notices"): one change a
 * line, {@code rev}, {@code keys R}, {@code realm R}, {@code client R ID}, {@code user R ID} or
 * {@code all}, names URL-encoded (so without spaces or line breaks). A batch whose payload would
 * pass {@link #MAX_BYTES} (PostgreSQL refuses 8000 bytes and more) is sent as {@code all}; a line
 * this node cannot read (a newer node's) is read as {@code all} too.
 */
final class ChangeNotices {
  static final String CHANNEL = "jeton_changes";
  /** Below PostgreSQL's 8000-byte payload limit, with room to spare. */
  static final int MAX_BYTES = 7900;
  static final String EVERYTHING = "all";

  private ChangeNotices() {}

  /** The payload naming every change of the batch, or {@code all} when it would be too long. */
  static String encode(Collection<Change> changes) {
    StringBuilder out = new StringBuilder();
    for (Change c : changes) {
      if (c instanceof Change.Everything) {
        return EVERYTHING;
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(line(c));
      if (out.length() > MAX_BYTES) {
        return EVERYTHING;
      }
    }
    return out.toString();
  }

  private static String line(Change c) {
    return switch (c) {
      case Change.Revocation r -> "rev";
      case Change.Keys(var realm) -> "keys " + enc(realm.value());
      case Change.Realm(var realm) -> "realm " + enc(realm.value());
      case Change.Client(var realm, var id) -> "client " + enc(realm.value()) + ' ' + enc(id.value());
      case Change.User(var realm, var id) -> "user " + enc(realm.value()) + ' ' + enc(id.value());
      case Change.Everything e -> EVERYTHING;
    };
  }

  /** The changes a payload names; {@link Change#EVERYTHING} alone when it names that or cannot be read. */
  static Set<Change> decode(String payload) {
    Set<Change> out = new LinkedHashSet<>();
    for (String line : payload.split("\n")) {
      Change c = parse(line.trim());
      if (c instanceof Change.Everything) {
        return Set.of(Change.EVERYTHING);
      }
      out.add(c);
    }
    return out;
  }

  private static Change parse(String line) {
    String[] f = line.split(" ");
    try {
      return switch (f[0]) {
        case "rev" -> f.length == 1 ? Change.REVOCATION : Change.EVERYTHING;
        case "keys" -> f.length == 2 ? new Change.Keys(new RealmName(dec(f[1]))) : Change.EVERYTHING;
        case "realm" -> f.length == 2 ? new Change.Realm(new RealmName(dec(f[1]))) : Change.EVERYTHING;
        case "client" -> f.length == 3
            ? new Change.Client(new RealmName(dec(f[1])), new ClientId(dec(f[2]))) : Change.EVERYTHING;
        case "user" -> f.length == 3
            ? new Change.User(new RealmName(dec(f[1])), new UserId(dec(f[2]))) : Change.EVERYTHING;
        default -> Change.EVERYTHING;
      };
    } catch (IllegalArgumentException e) {
      return Change.EVERYTHING;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
