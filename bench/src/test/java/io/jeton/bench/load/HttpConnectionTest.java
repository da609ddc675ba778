package io.jeton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The driver's HTTP/1.1 response reader: framing by Content-Length or chunks, and what it refuses. */
class HttpConnectionTest {

  private static InputStream wire(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void read_contentLength_readsExactlyTheBodyAndLeavesTheNextResponse() throws Exception {
    InputStream in = wire("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        + "HTTP/1.1 401 Unauthorized\r\ncontent-length: 5\r\n\r\nnope!");

    HttpConnection.Response first = HttpConnection.read(in, null);
    HttpConnection.Response second = HttpConnection.read(in, null);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.bodyText()).isEqualTo("{}");
    assertThat(second.status()).isEqualTo(401);
    assertThat(second.bodyText()).isEqualTo("nope!");
  }

  @Test
  void read_chunked_joinsTheChunksAndSkipsExtensionsAndTrailers() throws Exception {
    InputStream in = wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4;ext=1\r\n{\"a\"\r\nB\r\n:\"0123456\"}\r\n0\r\nX-Trailer: t\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");

    assertThat(HttpConnection.read(in, null).bodyText()).isEqualTo("{\"a\":\"0123456\"}");
    assertThat(HttpConnection.read(in, null).status()).isEqualTo(204);
  }

  @Test
  void read_bareLineFeeds_areAccepted() throws Exception {
    assertThat(HttpConnection.read(wire("HTTP/1.1 200 OK\nContent-Length: 1\n\nx"), null).bodyText()).isEqualTo("x");
  }

  @Test
  void read_truncatedBodyOrClosedConnection_isAnEofException() {
    assertThatThrownBy(() -> HttpConnection.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), null))
        .isInstanceOf(EOFException.class).hasMessageContaining("5 of 10");
    assertThatThrownBy(() -> HttpConnection.read(wire(""), null)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> HttpConnection.read(wire("HTTP/1.1 200 OK\r\nContent-Le"), null))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void read_notHttp_isAProtocolException() {
    assertThatThrownBy(() -> HttpConnection.read(wire("SSH-2.0-OpenSSH\r\n\r\n"), null))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> HttpConnection.read(wire("HTTP/1.1 2xx OK\r\n\r\n"), null))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> HttpConnection.read(wire("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"), null))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void tokenType_isTheValueOfTheTokenTypeMember() {
    assertThat(LoadRun.tokenType("{\"access_token\":\"x\",\"token_type\":\"DPoP\",\"expires_in\":3600}"))
        .isEqualTo("DPoP");
    assertThat(LoadRun.tokenType("{\"token_type\" : \"Bearer\"}")).isEqualTo("Bearer");
    assertThat(LoadRun.tokenType("{\"error\":\"invalid_client\"}")).isEmpty();
    assertThat(LoadRun.tokenType("{\"token_type\":")).isEmpty();
  }
}
