package io.jeton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the id records (issue 6 point 9): any string, however long or odd, either makes the id
 * (holding exactly that string) or is refused with {@link IllegalArgumentException}, nothing else.
 */
class IdsFuzzTest {
  static void assertMadeOrRefused(String value, Function<String, Object> make, Function<Object, String> read) {
    Object id;
    try {
      id = make.apply(value);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(read.apply(id)).isEqualTo(value);
  }

  @Test
  void ids_anyString_madeOrRefused() {
    CoreFuzz.check("ids", 20261320L, 2000, f -> {
      String v = f.logged("value", f.pick(f.text(20), f.text(80), f.text(200), "a".repeat(f.between(60, 140))));
      assertMadeOrRefused(v, ClientId::new, id -> ((ClientId) id).value());
      assertMadeOrRefused(v, UserId::new, id -> ((UserId) id).value());
      assertMadeOrRefused(v, SessionId::new, id -> ((SessionId) id).value());
      assertMadeOrRefused(v, TokenHash::new, id -> ((TokenHash) id).value());
      Throwable realm = catchThrowable(() -> RealmName.of(v));
      if (realm == null) {
        assertThat(v).matches("[A-Za-z0-9._-]{1,64}");
      } else {
        assertThat(realm).isExactlyInstanceOf(IllegalArgumentException.class);
      }
    });
  }

  @Test
  void ids_null_isRefusedAsIllegalArgument() {
    assertThat(catchThrowable(() -> new ClientId(null))).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> new RealmName(null))).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> new TokenHash(null))).isExactlyInstanceOf(IllegalArgumentException.class);
  }
}
