package io.jeton.store.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import org.h2.engine.ConnectionInfo;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.MVStoreTool;
import org.h2.store.fs.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an embedded H2 file that was not closed cleanly back to its last acknowledged commit before H2
 * opens it.
 *
 * <p>Why this exists: H2 (2.2 up to at least 2.5.252) loses acknowledged commits after a killed process
 * once it reuses free space in its file. On opening a file that was not closed, H2 looks for the newest
 * chunk (one per commit) through the file header, the chunk at the end of the file and each chunk's guess
 * of where its successor will go. When a chunk lands elsewhere than guessed, H2 rewrites the header, but
 * with the chunk before it: {@code FileStore.storeBuffer} sets {@code lastChunk} only after
 * {@code RandomAccessStore.writeChunk} has written the header (H2 1.4 did it the other way round). That
 * chunk and those after it, up to 20, are reachable by nothing but a scan of the whole file, and H2 scans
 * only when its quick search finds no usable chunk at all; it finds an older one and opens that version.
 * MVStore's recovery mode always scans the whole file and takes the newest complete chunk; closing the
 * store then writes a header that names it. This class does that (no compaction, no data page touched)
 * for a file whose header has no clean-shutdown mark, so that H2 then opens exactly the last commit. It
 * does nothing to a cleanly closed, an in-memory, a remote or an encrypted database, nor to a file
 * another process holds.
 */
final class H2CrashRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(H2CrashRecovery.class);
  /** MVStore's file header: the first of two identical 4 KB blocks, a line of {@code key:value} pairs. */
  private static final int HEADER_BLOCK = 4096;

  private H2CrashRecovery() {}

  /** Recovers the file behind {@code jdbcUrl} if it was not closed cleanly; see the class comment. */
  static void recoverIfUnclean(String jdbcUrl) {
    String file = localFile(jdbcUrl);
    if (file == null || !FileUtils.exists(file) || FileUtils.size(file) < 2 * HEADER_BLOCK
        || closedCleanly(file)) {
      return;
    }
    MVStoreTool.compactCleanUp(file);
    long started = System.nanoTime();
    try {
      MVStore store = new MVStore.Builder().fileName(file).recoveryMode().autoCommitDisabled().open();
      long version = store.getCurrentVersion();
      store.close();
      LOG.warn("H2 file {} was not closed cleanly: recovered to version {} by a full scan in {} ms", file,
          version, (System.nanoTime() - started) / 1_000_000);
    } catch (MVStoreException e) {
      if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
        throw e;
      }
      // another process has it open: H2's own open reports that
    }
  }

  /** The {@code .mv.db} file of a local, unencrypted H2 database; null for anything else. */
  private static String localFile(String jdbcUrl) {
    ConnectionInfo info;
    try {
      info = new ConnectionInfo(jdbcUrl, null, null, null);
      if (!info.isPersistent() || info.isRemote() || info.getFilePasswordHash() != null) {
        return null;
      }
      return info.getName() + ".mv.db";
    } catch (RuntimeException e) {
      return null; // a URL H2 refuses: its own open reports why
    }
  }

  /** Whether the file header carries MVStore's clean-shutdown mark ({@code clean:1}). */
  private static boolean closedCleanly(String file) {
    ByteBuffer block = ByteBuffer.allocate(HEADER_BLOCK);
    try (FileChannel channel = FileUtils.open(file, "r")) {
      FileUtils.readFully(channel, block);
    } catch (IOException e) {
      return false;
    }
    String header = new String(block.array(), StandardCharsets.ISO_8859_1);
    int end = header.indexOf('\n');
    for (String field : header.substring(0, Math.max(end, 0)).split(",")) {
      if (field.equals("clean:1")) {
        return true;
      }
    }
    return false;
  }
}
