package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests whose head or body the server cannot read: the client's fault, a 400, never a 5xx ({@link Routes#direct}, {@link WireHandler}). */
class UnreadableRequestTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Writes the bytes, closes the sending side, and reads the answer to the end. */
  static String halfClosed(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", node.server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Found by RawHttpFuzzTest (corpus server fuzz/raw/found-head-cut-short.txt): a client that
   * closes its side in the middle of the header section got a 500 server_error, and Helidon logged
   * an internal error, for its own truncated request.
   */
  @Test
  void direct_headerSectionCutShortByTheClient_is400InvalidRequest() throws IOException {
    String raw = halfClosed("POST /realms/acme/oauth2/token HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Lent_type=client_credentials");
    assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
    assertThat(DialectFixture.rawBody(raw)).isEqualTo(TestNode.JSON.createObjectNode()
        .put("error", "invalid_request").put("error_description", "the request could not be read"));
  }

  /**
   * Found by RawHttpFuzzTest (corpus server fuzz/raw/found-chunk-size-overflow.http): a chunk size
   * beyond an int made Helidon's body stream throw NumberFormatException, which WireHandler turned
   * into a 500 server_error; the body cannot be read, so it is a 400 in the endpoint's shape.
   */
  @Test
  void body_chunkSizeBeyondAnInt_is400BodyCouldNotBeRead() throws IOException {
    String raw = halfClosed("POST /realms/acme/oauth2/token HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "ffffffffffffffff\r\ngrant_type=client_credentials\r\n0\r\n\r\n");
    assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
    assertThat(DialectFixture.rawBody(raw)).isEqualTo(TestNode.JSON.createObjectNode()
        .put("error", "invalid_request").put("error_description", "the request body could not be read"));
  }

  /**
   * Found by RawHttpFuzzTest (corpus server fuzz/raw/found-body-cut-short.http): a body shorter
   * than its Content-Length, the client then closing its side, made Helidon's body stream throw
   * InsufficientDataAvailableException, which WireHandler turned into a 500 server_error.
   */
  @Test
  void body_cutShortByTheClient_is400BodyCouldNotBeRead() throws IOException {
    String raw = halfClosed("POST /realms/acme/oauth2/token HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\ngrant_type=cl");
    assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
    assertThat(DialectFixture.rawBody(raw)).isEqualTo(TestNode.JSON.createObjectNode()
        .put("error", "invalid_request").put("error_description", "the request body could not be read"));
  }
}
