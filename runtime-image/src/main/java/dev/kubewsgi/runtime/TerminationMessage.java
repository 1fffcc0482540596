package dev.kubewsgi.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the one-paragraph cause of a boot failure where Kubernetes shows it on the pod. */
final class TerminationMessage {

  private static final Logger log = LoggerFactory.getLogger(TerminationMessage.class);
  // Kubernetes keeps at most 4096 bytes of a termination message.
  private static final int LIMIT = 4000;

  private TerminationMessage() {}

  static void write(Path file, String cause) {
    if (file == null) {
      return;
    }
    String text = cause.length() > LIMIT ? cause.substring(0, LIMIT) : cause;
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("cannot write the termination message to {}: {}", file, e.toString());
    }
  }
}
