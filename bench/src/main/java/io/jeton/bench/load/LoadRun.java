package io.jeton.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One closed-loop run of one mode: {@code connections} threads, each with its own keep-alive
 * connection opened (TLS handshake included) before the clock starts, each sending its next
 * request as soon as the previous response is read, like wrk. The load runs without a break
 * through the warm-up and the measured window; a response counts in the window when it completes
 * inside it. Every response's status is counted, in the window and outside it.
 */
final class LoadRun {
  private static final long ERROR_PAUSE_NANOS = 20_000_000;

  private LoadRun() {}

  /** What a run saw; the window's counts and latencies, and the rest apart. */
  record Outcome(Tally window, Tally outside, Latencies latencies, double windowSeconds, double serverCpuSeconds,
      double driverCpuSeconds, int connectionsOpened, String session) {}

  interface Connector {
    HttpConnection connect() throws IOException;
  }

  /**
   * @param server the server process's CPU clock; null when unknown
   * @param measure zero for a warm-up only run (everything counts as outside)
   */
  static Outcome run(Mode mode, int connections, Duration warmup, Duration measure, Connector connector,
      TokenRequests requests, ProcessCpu server) throws Exception {
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        HttpConnection c = connector.connect();
        workers.add(new Worker(mode, c, requests.source(mode)));
        c.open();   // the handshake, before the clock starts
      }
      long t0 = System.nanoTime();
      long start = t0 + warmup.toNanos();
      long end = start + measure.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < workers.size(); i++) {
        Worker w = workers.get(i);
        w.start = start;
        w.end = end;
        threads.add(Thread.ofPlatform().name("load-" + mode.id + "-" + i).start(w));
      }
      sleepUntil(start);
      double server0 = server == null ? Double.NaN : server.seconds();
      double driver0 = driverCpuSeconds();
      long s = System.nanoTime();
      sleepUntil(end);
      double server1 = server == null ? Double.NaN : server.seconds();
      double driver1 = driverCpuSeconds();
      long e = System.nanoTime();
      for (Thread t : threads) {
        t.join(Duration.ofSeconds(30));
        if (t.isAlive()) {
          throw new IllegalStateException(t.getName() + " did not finish 30 s after the window");
        }
      }
      Tally window = new Tally();
      Tally outside = new Tally();
      List<Latencies.Recorder> recorders = new ArrayList<>();
      int opened = 0;
      for (Worker w : workers) {
        window.addAll(w.window);
        outside.addAll(w.outside);
        recorders.add(w.latencies);
        opened += w.connection.opened();
      }
      return new Outcome(window, outside, Latencies.of(Latencies.Recorder.merge(recorders)), measure.toNanos() / 1e9,
          server1 - server0, driver1 - driver0, opened, workers.get(0).connection.session());
    } finally {
      for (Worker w : workers) {
        w.connection.close();
      }
    }
  }

  /** The driver's own CPU time, all threads (the JDK's process CPU time, in nanoseconds). */
  static double driverCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static void sleepUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * The value of {@code "token_type"} in a JSON body, or "" when there is none. A scan, not a
   * parse, since it runs on every response (Jeton writes {@code "token_type":"Bearer"}).
   */
  static String tokenType(String json) {
    int key = json.indexOf("\"token_type\"");
    if (key < 0) {
      return "";
    }
    int colon = json.indexOf(':', key + 12);
    int open = colon < 0 ? -1 : json.indexOf('"', colon + 1);
    int close = open < 0 ? -1 : json.indexOf('"', open + 1);
    return close < 0 ? "" : json.substring(open + 1, close);
  }

  private static final class Worker implements Runnable {
    final Mode mode;
    final HttpConnection connection;
    final TokenRequests.Source source;
    final Tally window = new Tally();
    final Tally outside = new Tally();
    final Latencies.Recorder latencies = new Latencies.Recorder();
    volatile long start;
    volatile long end;

    Worker(Mode mode, HttpConnection connection, TokenRequests.Source source) {
      this.mode = mode;
      this.connection = connection;
      this.source = source;
    }

    @Override
    public void run() {
      long windowStart = start;
      long windowEnd = end;
      String expectedType = mode.tokenType();
      while (System.nanoTime() - windowEnd < 0) {
        byte[] request;
        try {
          request = source.next();   // signing (pkjwt, DPoP): client cost, outside the latency
        } catch (Exception e) {
          outside.error(e);
          return;
        }
        long sent = System.nanoTime();
        HttpConnection.Response r;
        try {
          r = connection.exchange(request);
        } catch (IOException | RuntimeException e) {
          tally(System.nanoTime(), windowStart, windowEnd).error(e);
          LockSupport.parkNanos(ERROR_PAUSE_NANOS);   // the next exchange reconnects
          continue;
        }
        long done = System.nanoTime();
        Tally t = tally(done, windowStart, windowEnd);
        t.status(r.status());
        if (r.status() != 200) {
          t.problem(r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
        } else {
          String type = tokenType(new String(r.body(), StandardCharsets.UTF_8));
          if (!type.equals(expectedType)) {
            t.wrongTokenType(type);
          }
        }
        if (t == window) {
          latencies.add(done - sent);
        }
      }
    }

    private Tally tally(long at, long windowStart, long windowEnd) {
      return at - windowStart >= 0 && at - windowEnd < 0 ? window : outside;
    }
  }
}
