package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --log-format json} (SPEC 11): every log line the process writes is one JSON object
 * (the demo banner and the listening line on stdout stay text), and a request's lines carry its
 * correlation id, realm and client.
 */
class JsonLogFormatTest {
  @TempDir Path dir;

  @Test
  void serveWithJsonFormat_everyLogLineIsJsonAndRequestLinesCarryTheirFields() throws Exception {
    int port = ChildJeton.freePort();
    Path data = dir.resolve("data");
    try (ChildJeton child = ChildJeton.start(Map.of("JETON_LOG_ACCESS", "true"), "serve", "--demo", "--port",
        Integer.toString(port), "--data-dir", data.toString(), "--log-format", "json",
        "--argon2-memory-kib", "64", "--argon2-iterations", "1")) {
      child.await("jeton listening on", Duration.ofSeconds(60));
      String secret = Files.readString(data.resolve("demo-client.secret")).trim();
      HttpResponse<String> r = ChildJeton.HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/realms/demo/oauth2/token"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("x-correlation-id", "json-1")
          .header("Authorization", "Basic " + java.util.Base64.getEncoder()
              .encodeToString(("demo-client:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String access = child.await("\"correlation_id\":\"json-1\"", Duration.ofSeconds(10));

      JsonNode line = ChildJeton.JSON.readTree(access);
      assertThat(line.get("logger_name").textValue()).isEqualTo("io.jeton.access");
      assertThat(line.get("message").textValue()).startsWith("POST oauth2 token 200 ");
      assertThat(line.get("realm").textValue()).isEqualTo("demo");
      assertThat(line.get("client").textValue()).isEqualTo("demo-client");
      assertThat(line.get("level").textValue()).isEqualTo("INFO");

      List<String> logLines = child.lines.stream().filter(l -> l.contains("io.jeton.")).toList();
      assertThat(logLines).as("the start's own lines too").anyMatch(l -> l.contains("started in"));
      for (String l : logLines) {
        JsonNode j = ChildJeton.JSON.readTree(l);
        assertThat(j.has("@timestamp") && j.has("level") && j.has("message")).as(l).isTrue();
      }
    }
  }
}
