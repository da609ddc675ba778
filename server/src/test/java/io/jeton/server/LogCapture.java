package io.jeton.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Every event logged while open, on any logger, kept as the event and as the two lines Jeton would
 * write for it: in {@code logback.xml}'s text pattern and in {@code log.format json}'s encoder.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** The pattern of src/main/resources/logback.xml. */
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%X{cid:--} %X{realm:--} "
      + "%X{client:--}] %logger{30} - %replace(%msg){'[\\r\\n]+', ' '} %replace(%ex){'[\\r\\n\\t]+', ' | '}%nopex%n";

  final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  final List<String> text = new CopyOnWriteArrayList<>();
  final List<String> json = new CopyOnWriteArrayList<>();
  private final PatternLayoutEncoder textEncoder = new PatternLayoutEncoder();
  private final LogstashEncoder jsonEncoder;
  private final Logger root;

  LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    setContext(context);
    textEncoder.setContext(context);
    textEncoder.setPattern(TEXT_PATTERN);
    textEncoder.start();
    jsonEncoder = Logs.jsonEncoder(context);
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent e) {
    e.prepareForDeferredProcessing();
    events.add(e);
    text.add(new String(textEncoder.encode(e), StandardCharsets.UTF_8));
    json.add(new String(jsonEncoder.encode(e), StandardCharsets.UTF_8));
  }

  /** Everything captured, both renderings. */
  String all() {
    return String.join("", text) + String.join("", json);
  }

  /** The events of one logger. */
  List<ILoggingEvent> of(String logger) {
    return events.stream().filter(e -> e.getLoggerName().equals(logger)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
