package dev.kubewsgi.convert.apache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an Apache configuration as httpd does at start-up: line by line, substituting {@code
 * ${VAR}} with what {@code Define} set so far, following {@code Include} and {@code
 * IncludeOptional} in place, recording {@code ServerRoot} and {@code LoadModule}, and keeping only
 * the contents of the {@code <IfModule>}, {@code <IfDefine>} and {@code <IfVersion>} sections that
 * hold. Other sections stay in the tree.
 */
public final class ConfigReader {

  // Apache refuses deeper Include nesting too (AP_MAX_INCLUDE_DEPTH is 128).
  private static final int MAX_INCLUDE_DEPTH = 128;

  private final Defines defines;
  private final ModuleSet modules = new ModuleSet();
  private final Conditions conditions;
  private final List<Notice> notices = new ArrayList<>();
  private final List<Notice> warnings = new ArrayList<>();
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private final Deque<Path> fileStack = new ArrayDeque<>();
  private Path serverRoot;
  private Path mainDir;

  /**
   * @param defines names given as {@code httpd -D NAME}, or {@code NAME=VALUE}
   * @param environment what {@code ${VAR}} falls back to when no Define sets it
   */
  public ConfigReader(Map<String, String> defines, Map<String, String> environment) {
    this.defines = new Defines(defines, environment);
    this.conditions = new Conditions(modules, this.defines);
  }

  /**
   * Reads {@code file} and all it includes. {@code ServerRoot} defaults to the file's folder; files
   * are named relative to it in origins, the main one by its name.
   */
  public ApacheConfig read(Path file) throws IOException, ConfigSyntaxException {
    Path absolute = file.toAbsolutePath().normalize();
    mainDir = absolute.getParent();
    serverRoot = mainDir;
    List<Directive> directives = readFile(absolute, absolute.getFileName().toString());
    return new ApacheConfig(directives, notices, warnings);
  }

  private List<Directive> readFile(Path file, String display)
      throws IOException, ConfigSyntaxException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(display, null, "no such file");
    }
    includeStack.push(file.toRealPath());
    fileStack.push(file);
    try {
      Cursor cursor = new Cursor(LineReader.read(text, display));
      return block(cursor, null, null);
    } finally {
      fileStack.pop();
      includeStack.pop();
    }
  }

  private List<Directive> block(Cursor cursor, String closing, Origin opened)
      throws IOException, ConfigSyntaxException {
    List<Directive> out = new ArrayList<>();
    while (cursor.hasNext()) {
      ConfigLine line = cursor.next();
      String text = defines.substitute(line.text(), line.origin(), warnings);
      if (text.startsWith("</")) {
        String name = sectionName(text.substring(2), line.origin());
        if (closing != null && name.equalsIgnoreCase(closing)) {
          return out;
        }
        throw new ConfigSyntaxException(
            line.origin(),
            "</"
                + name
                + "> closes "
                + (closing == null ? "no open section" : "<" + closing + ">"));
      }
      if (text.startsWith("<")) {
        section(cursor, text, line.origin(), out);
      } else {
        directive(Words.split(text), line.origin(), out);
      }
    }
    if (closing != null) {
      throw new ConfigSyntaxException(opened, "<" + closing + "> is not closed");
    }
    return out;
  }

  private void section(Cursor cursor, String text, Origin origin, List<Directive> out)
      throws IOException, ConfigSyntaxException {
    if (!text.endsWith(">")) {
      throw new ConfigSyntaxException(origin, "a section's line must end with >: " + text);
    }
    List<String> words = Words.split(text.substring(1, text.length() - 1));
    if (words.isEmpty()) {
      throw new ConfigSyntaxException(origin, "a section without a name: " + text);
    }
    String name = words.get(0);
    List<String> args = words.subList(1, words.size());
    if (Conditions.isConditional(name)) {
      if (conditions.holds(name, args, origin)) {
        out.addAll(block(cursor, name, origin));
      } else {
        skip(cursor, name, origin);
      }
      return;
    }
    out.add(new Directive(name, args, origin, true, block(cursor, name, origin)));
  }

  // A section that does not hold is read no further: no Define, Include or ${VAR} inside it counts.
  private static void skip(Cursor cursor, String name, Origin opened) throws ConfigSyntaxException {
    int depth = 0;
    while (cursor.hasNext()) {
      String text = cursor.next().text();
      if (text.startsWith("</")) {
        if (depth == 0) {
          return;
        }
        depth--;
      } else if (text.startsWith("<")) {
        depth++;
      }
    }
    throw new ConfigSyntaxException(opened, "<" + name + "> is not closed");
  }

  private void directive(List<String> words, Origin origin, List<Directive> out)
      throws IOException, ConfigSyntaxException {
    String name = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (name.toLowerCase(Locale.ROOT)) {
      case "define" -> {
        requireArgs(name, args, origin);
        defines.define(args.get(0), args.size() > 1 ? args.get(1) : "");
      }
      case "undefine" -> {
        requireArgs(name, args, origin);
        defines.undefine(args.get(0));
      }
      case "serverroot" -> {
        requireArgs(name, args, origin);
        serverRoot = mainDir.resolve(args.get(0));
      }
      case "loadmodule" -> {
        requireArgs(name, args, origin);
        modules.load(args.get(0));
        out.add(new Directive(name, args, origin, false, List.of()));
      }
      case "include", "includeoptional" -> {
        requireArgs(name, args, origin);
        include(name, args.get(0), origin, out);
      }
      default -> out.add(new Directive(name, args, origin, false, List.of()));
    }
  }

  private void include(String name, String pattern, Origin origin, List<Directive> out)
      throws IOException, ConfigSyntaxException {
    Path includingDir = fileStack.element().getParent();
    List<Path> files = IncludeResolver.resolve(pattern, serverRoot, includingDir);
    if (files.isEmpty() && name.equalsIgnoreCase("include")) {
      // httpd would refuse to start; a configuration copied off its host often lacks such files.
      notices.add(
          new Notice(origin, name + " " + pattern, "no such file on this machine: not read"));
    }
    for (Path file : files) {
      Path real = file.toRealPath();
      if (includeStack.contains(real) || includeStack.size() >= MAX_INCLUDE_DEPTH) {
        throw new ConfigSyntaxException(origin, name + " " + pattern + " includes itself");
      }
      out.addAll(readFile(file.toAbsolutePath().normalize(), display(file)));
    }
  }

  // Included files are named relative to the main file's folder when under it.
  private String display(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(mainDir)
        ? mainDir.relativize(absolute).toString()
        : absolute.toString();
  }

  private static String sectionName(String rest, Origin origin) throws ConfigSyntaxException {
    String name = rest.endsWith(">") ? rest.substring(0, rest.length() - 1).strip() : rest.strip();
    if (name.isEmpty()) {
      throw new ConfigSyntaxException(origin, "a closing tag without a name");
    }
    return name;
  }

  private static void requireArgs(String name, List<String> args, Origin origin)
      throws ConfigSyntaxException {
    if (args.isEmpty()) {
      throw new ConfigSyntaxException(origin, name + " needs an argument");
    }
  }

  /** The lines of one file, read once, front to back. */
  private static final class Cursor {
    private final List<ConfigLine> lines;
    private int next;

    Cursor(List<ConfigLine> lines) {
      this.lines = lines;
    }

    boolean hasNext() {
      return next < lines.size();
    }

    ConfigLine next() {
      return lines.get(next++);
    }
  }
}
