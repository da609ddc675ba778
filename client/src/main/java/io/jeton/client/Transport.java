package io.jeton.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK's HTTP exchanges: form POSTs and GETs on one shared {@link HttpClient}, each with a
 * timeout, answers read up to {@link #MAX_BODY} bytes (a larger one is refused, not buffered).
 */
final class Transport {
  /** The largest answer read: token, introspection and JWKS answers are a few kilobytes. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient http;
  private final Duration timeout;

  Transport(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A status and a body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** The body as a JSON object; an {@link OAuthError} when the status is not 2xx. */
    Map<String, Object> json() {
      if (!ok()) {
        throw OAuthError.fromResponse(status, body);
      }
      try {
        return JSONObjectUtils.parse(body);
      } catch (ParseException e) {
        throw new OAuthError("invalid_response", "the answer is not a JSON object: " + e.getMessage(), status);
      }
    }
  }

  /** POSTs {@code fields} as {@code application/x-www-form-urlencoded}, authenticated by {@code auth}. */
  Answer post(URI uri, Map<String, String> fields, ClientAuthentication auth) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
    auth.apply(req, form);
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(req.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  Answer get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build());
  }

  private Answer send(HttpRequest req) {
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          throw new IOException("the answer of " + req.uri() + " is larger than " + MAX_BODY + " bytes");
        }
        return new Answer(r.statusCode(), new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted: " + req.method() + " " + req.uri()));
    } catch (IOException e) {
      throw new UncheckedIOException(req.method() + " " + req.uri() + ": " + e.getMessage(), e);
    }
  }
}
