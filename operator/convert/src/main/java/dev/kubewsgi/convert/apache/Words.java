package dev.kubewsgi.convert.apache;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words as Apache's {@code ap_getword_conf} does: blanks separate words; a word
 * that starts with a double or single quote runs to the matching quote, where a backslash escapes
 * that quote or another backslash; quotes inside a word are kept as they are.
 */
public final class Words {

  private Words() {}

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      char c = line.charAt(i);
      StringBuilder word = new StringBuilder();
      if (c == '"' || c == '\'') {
        i++;
        while (i < n && line.charAt(i) != c) {
          char d = line.charAt(i);
          if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == c || line.charAt(i + 1) == '\\')) {
            d = line.charAt(++i);
          }
          word.append(d);
          i++;
        }
        i++; // the closing quote; a missing one ends the word at the end of the line, as Apache
      } else {
        while (i < n && !Character.isWhitespace(line.charAt(i))) {
          word.append(line.charAt(i++));
        }
      }
      words.add(word.toString());
    }
    return words;
  }
}
