package io.jeton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import io.jeton.server.config.ExportWriter;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
  @Test
  void writesUpToTheLimit() {
    BoundedOutput out = new BoundedOutput(4);
    out.write(new byte[] {1, 2, 3}, 0, 3);
    out.write(4);

    assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> out.write(5)).isInstanceOf(BoundedOutput.TooLarge.class);
  }

  @Test
  void exportPastTheLimit_stops() {
    BoundedOutput out = new BoundedOutput(4096);

    assertThatThrownBy(() -> {
      try (ExportWriter w = new ExportWriter(out)) {
        for (int i = 0; i < 1000; i++) {
          w.realm(Realm.withDefaults(new RealmName("realm-" + i)));
          w.endRealm();
        }
      }
    }).isInstanceOf(BoundedOutput.TooLarge.class);
  }
}
