package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.change.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The payload of a change notice: what it names survives the trip; what cannot be named or read is {@code all}. */
class ChangeNoticesTest {
  private static final RealmName ACME = RealmName.of("acme");

  @Test
  void batch_roundTrips_withoutRepeats_namesWithSpacesAndPlusSignsIncluded() {
    List<Change> batch = List.of(Change.REVOCATION, new Change.Keys(ACME), new Change.Realm(ACME),
        new Change.Client(ACME, ClientId.of("my app x+y")), new Change.User(ACME, new UserId("u 1")),
        Change.REVOCATION);
    String payload = ChangeNotices.encode(batch);
    assertThat(payload).isEqualTo("rev\nkeys acme\nrealm acme\nclient acme my+app+x%2By\nuser acme u+1\nrev");
    assertThat(ChangeNotices.decode(payload)).containsExactly(Change.REVOCATION, new Change.Keys(ACME),
        new Change.Realm(ACME), new Change.Client(ACME, ClientId.of("my app x+y")),
        new Change.User(ACME, new UserId("u 1")));
  }

  @Test
  void batchPastThePayloadLimit_isSentAsAll() {
    List<Change> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(new Change.User(ACME, new UserId("user-" + i)));
    }
    assertThat(ChangeNotices.encode(many)).isEqualTo("all");
    assertThat(ChangeNotices.encode(many.subList(0, 100)).length()).isLessThan(ChangeNotices.MAX_BYTES);
  }

  @Test
  void unreadableLine_orAll_isEverything() {
    assertThat(ChangeNotices.decode("rev\nsomething-new acme")).isEqualTo(Set.of(Change.EVERYTHING));
    assertThat(ChangeNotices.decode("client acme")).isEqualTo(Set.of(Change.EVERYTHING));
    assertThat(ChangeNotices.decode("rev\nall")).isEqualTo(Set.of(Change.EVERYTHING));
  }
}
