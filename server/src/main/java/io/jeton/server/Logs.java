package io.jeton.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.jeton.server.config.LogSettings;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.access} (SPEC 11) to the process's Logback, once the
 * configuration is loaded: {@code logback.xml} starts in plain text, so that a configuration
 * error is reported as text; JSON swaps the console appender's encoder for logstash-logback-encoder's
 * (one object per line; the request's MDC, {@code cid}, {@code realm} and {@code client}, as the
 * fields {@code correlation_id}, {@code realm} and {@code client}).
 */
public final class Logs {
  /** The logger of the access lines ({@link RequestLog}); off unless {@code log.access}. */
  public static final String ACCESS = "io.jeton.access";
  /** The console appender of logback.xml. */
  static final String APPENDER = "STDERR";
  /** Longest stack trace of one JSON line, in characters: a line stays one line a collector accepts. */
  static final int MAX_STACK_TRACE = 8192;

  private Logs() {}

  /** Applies the settings; a no-op when SLF4J is not bound to Logback (an embedding application's choice). */
  public static void apply(LogSettings settings) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.getLogger(ACCESS).setLevel(settings.access() ? Level.INFO : Level.OFF);
    if (settings.format() == LogSettings.Format.JSON) {
      Appender<ILoggingEvent> a = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
      if (a instanceof ConsoleAppender<ILoggingEvent> console) {
        LogstashEncoder json = jsonEncoder(context);
        console.stop();
        console.setEncoder(json);
        console.start();
      }
    }
  }

  /** The JSON encoder: logstash's field names, no context properties, the MDC keys renamed, stack traces bounded. */
  static LogstashEncoder jsonEncoder(LoggerContext context) {
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    json.setIncludeContext(false);
    json.addMdcKeyFieldName("cid=correlation_id");
    ShortenedThrowableConverter traces = new ShortenedThrowableConverter();
    traces.setMaxLength(MAX_STACK_TRACE);
    traces.setContext(context);
    json.setThrowableConverter(traces);
    json.start();
    return json;
  }
}
