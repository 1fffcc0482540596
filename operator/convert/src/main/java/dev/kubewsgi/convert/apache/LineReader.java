package dev.kubewsgi.convert.apache;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file into logical lines as Apache's {@code ap_cfg_getline} does: a backslash ending a
 * line (after trailing blanks) joins the next one; lines whose first non-blank is {@code #} are
 * comments; blank lines go. A {@code #} later on a line is no comment to Apache, nor here.
 */
public final class LineReader {

  private LineReader() {}

  /** The logical lines of {@code text}; each carries the number of the line it starts on. */
  public static List<ConfigLine> read(String text, String file) {
    List<ConfigLine> lines = new ArrayList<>();
    String[] physical = text.split("\r?\n", -1);
    StringBuilder pending = null;
    int start = 0;
    for (int i = 0; i < physical.length; i++) {
      String line = physical[i].stripTrailing();
      if (pending == null) {
        String lead = line.strip();
        if (lead.isEmpty() || lead.startsWith("#")) {
          continue;
        }
        pending = new StringBuilder();
        start = i + 1;
        line = lead;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1);
        continue;
      }
      pending.append(line);
      lines.add(new ConfigLine(pending.toString().strip(), new Origin(file, start)));
      pending = null;
    }
    if (pending != null && !pending.toString().isBlank()) {
      lines.add(new ConfigLine(pending.toString().strip(), new Origin(file, start)));
    }
    return lines;
  }
}
