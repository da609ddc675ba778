package io.jeton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AdminApiReferenceTest {
  @Test
  void docsAdminApi_matchesTheOpenApiDocument() throws IOException {
    Path doc = Path.of("..", "docs", "admin-api.md");

    assertThat(Files.readString(doc))
        .as("docs/admin-api.md is out of date: run "
            + "java -cp cli/target/jeton.jar io.jeton.server.admin.AdminApiReference docs/admin-api.md")
        .isEqualTo(AdminApiReference.render());
  }

  @Test
  void render_listsEveryRoute() {
    String md = AdminApiReference.render();

    for (AdminRoute r : AdminApi.ROUTES) {
      assertThat(md).contains("| " + r.method().toUpperCase(Locale.ROOT) + " | `" + r.path().template() + "` |");
    }
  }
}
