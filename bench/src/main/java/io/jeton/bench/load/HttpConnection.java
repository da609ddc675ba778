package io.jeton.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection (RFC 9112), plain or TLS, used by one thread: a request is
 * written whole, the response read whole (Content-Length or chunked), and the connection kept
 * for the next request unless the server says {@code Connection: close}. The TLS handshake
 * happens in {@link #open}, once per connection, never per request; {@link #opened} counts them,
 * so a run can show that keep-alive held. Deliberately minimal (no redirects, no 1xx, no
 * pipelining): it is the load driver's client, as thin as wrk's, so that its own cost stays small.
 */
final class HttpConnection implements Closeable {
  private static final int MAX_LINE = 8192;
  private static final int TIMEOUT_MS = 10_000;

  private final String host;
  private final int port;
  private final SSLSocketFactory tls;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int opened;
  private String session = "plain HTTP";

  /** @param tls null for plain HTTP */
  HttpConnection(String host, int port, SSLSocketFactory tls) {
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  /** Connects (and shakes hands, over TLS); closes the current connection first, if any. */
  void open() throws IOException {
    close();
    Socket raw = new Socket();
    raw.setTcpNoDelay(true);
    raw.setSoTimeout(TIMEOUT_MS);
    raw.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
    Socket s = raw;
    if (tls != null) {
      SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");   // the server certificate must name the host
      ssl.setSSLParameters(params);
      ssl.startHandshake();
      session = ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite();
      s = ssl;
    }
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = s.getOutputStream();
    opened++;
  }

  /** How many times this connection was (re)opened. */
  int opened() {
    return opened;
  }

  /** The negotiated TLS protocol and cipher suite, or "plain HTTP". */
  String session() {
    return session;
  }

  /** Sends {@code request} (a whole HTTP/1.1 request) and reads the whole response. */
  Response exchange(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      out.write(request);
      out.flush();
      return read(in, this);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The response's status and body. */
  record Response(int status, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Reads one response from {@code in}; closes {@code connection} (if not null) when the server asks. */
  static Response read(InputStream in, HttpConnection connection) throws IOException {
    String statusLine = readLine(in);
    if (statusLine == null) {
      throw new EOFException("the server closed the connection before a response");
    }
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    for (String line = readLine(in); ; line = readLine(in)) {
      if (line == null) {
        throw new EOFException("the server closed the connection in the response headers");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed header line: " + line);
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = close || value.toLowerCase(Locale.ROOT).contains("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked(in);
    } else if (length >= 0) {
      body = readFully(in, length);
    } else if (status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();   // delimited by the end of the connection
      close = true;
    }
    if (close && connection != null) {
      connection.close();
    }
    return new Response(status, body);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        throw new EOFException("the server closed the connection in a chunked body");
      }
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      body.write(readFully(in, size));
      String end = readLine(in);
      if (end == null || !end.isEmpty()) {
        throw new ProtocolException("a chunk does not end with CRLF");
      }
    }
  }

  private static byte[] readFully(InputStream in, long length) throws IOException {
    if (length > 64 * 1024 * 1024) {
      throw new ProtocolException("response body of " + length + " bytes");
    }
    byte[] b = in.readNBytes((int) length);
    if (b.length != length) {
      throw new EOFException("the server closed the connection after " + b.length + " of " + length + " body bytes");
    }
    return b;
  }

  /** A line without its CRLF (or bare LF), ISO-8859-1; null at the end of the stream before any byte. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.isEmpty()) {
          return null;
        }
        throw new EOFException("the server closed the connection in the middle of a line");
      }
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new ProtocolException("a response line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}
