package dev.kubewsgi.convert;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReadException;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.validation.SpecError;
import dev.kubewsgi.api.validation.SpecValidator;
import dev.kubewsgi.convert.apache.ApacheConfig;
import dev.kubewsgi.convert.apache.ConfigReader;
import dev.kubewsgi.convert.apache.ConfigSyntaxException;
import dev.kubewsgi.convert.apache.Notice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubewsgi convert APACHE.conf [-o DIR] [--strict] [-D NAME[=VALUE]]}: the WsgiProcessGroup
 * resources an Apache configuration with mod_wsgi describes, one per {@code WSGIDaemonProcess}.
 *
 * <p>Exit codes: 0 converted; 2 usage, an unreadable file or a configuration Apache would refuse; 3
 * with {@code --strict}, something could not be mapped; 1 unexpected (a resource written that does
 * not validate is a bug of the converter).
 */
public final class ConvertCommand {

  static final int OK = 0;
  static final int UNEXPECTED = 1;
  static final int INVALID = 2;
  static final int UNMAPPED = 3;

  static final String USAGE =
      """
      usage: kubewsgi convert APACHE.conf [-o DIR] [--strict] [-D NAME[=VALUE]]...

      Reads the Apache configuration as httpd does (Include, Define, IfModule for a server with
      mod_wsgi loaded, ...) and writes one WsgiProcessGroup per WSGIDaemonProcess, each field with a
      comment naming the directive and file:line it came from: as YAML on stdout, or a file
      NAME.yaml per group under DIR with -o. What cannot be mapped, and the host paths to copy into
      the image, are reported on stderr.

        -o DIR     write DIR/NAME.yaml per group instead of stdout
        --strict   exit 3 when anything could not be mapped
        -D NAME    define NAME for <IfDefine> and ${NAME}, as httpd -D does
      """;

  private ConvertCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Path file = null;
    Path outDir = null;
    boolean strict = false;
    Map<String, String> defines = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          out.print(USAGE);
          return OK;
        }
        case "--strict" -> strict = true;
        case "-o", "-D" -> {
          if (i + 1 >= args.length) {
            err.print(USAGE);
            return INVALID;
          }
          String value = args[++i];
          if (arg.equals("-o")) {
            outDir = Path.of(value);
          } else {
            int eq = value.indexOf('=');
            defines.put(
                eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
          }
        }
        default -> {
          if (arg.startsWith("-") || file != null) {
            err.print(USAGE);
            return INVALID;
          }
          file = Path.of(arg);
        }
      }
    }
    if (file == null) {
      err.print(USAGE);
      return INVALID;
    }
    try {
      ApacheConfig config = new ConfigReader(defines, env).read(file);
      Conversion conversion = new ProcessGroupMapper().convert(config.directives());
      List<Notice> unmapped = new ArrayList<>(config.notices());
      unmapped.addAll(conversion.unmapped());
      List<String> invalid = validate(conversion);
      if (!invalid.isEmpty()) {
        invalid.forEach(err::println);
        return UNEXPECTED;
      }
      write(conversion, outDir, out, err);
      unmapped.forEach(n -> err.println("kubewsgi convert: not mapped: " + n));
      config.warnings().forEach(n -> err.println("kubewsgi convert: warning: " + n));
      conversion.advice().forEach(n -> err.println("kubewsgi convert: note: " + n));
      if (conversion.groups().isEmpty()) {
        err.println("kubewsgi convert: " + file + ": no WSGIDaemonProcess with applications");
      }
      return strict && !unmapped.isEmpty() ? UNMAPPED : OK;
    } catch (ConfigSyntaxException e) {
      err.println("kubewsgi convert: " + e.getMessage());
      return INVALID;
    } catch (IOException e) {
      err.println("kubewsgi convert: " + file + ": cannot read: " + e.getMessage());
      return INVALID;
    }
  }

  /** Each resource as the API server would see it; an error is the converter's bug. */
  static List<String> validate(Conversion conversion) {
    List<String> problems = new ArrayList<>();
    for (ConvertedGroup group : conversion.groups()) {
      try {
        WsgiProcessGroup resource = new ResourceReader().read(group.yaml(), group.name());
        for (SpecError error : new SpecValidator().validate(resource)) {
          problems.add(
              "kubewsgi convert: wrote an invalid resource " + group.name() + ": " + error);
        }
      } catch (ResourceReadException e) {
        problems.add("kubewsgi convert: wrote an unreadable resource: " + e.getMessage());
      }
    }
    return problems;
  }

  private static void write(Conversion conversion, Path outDir, PrintStream out, PrintStream err)
      throws IOException {
    if (outDir == null) {
      for (ConvertedGroup group : conversion.groups()) {
        out.print("---\n" + group.yaml());
      }
      return;
    }
    Files.createDirectories(outDir);
    for (ConvertedGroup group : conversion.groups()) {
      Path target = outDir.resolve(group.name() + ".yaml");
      Files.writeString(target, group.yaml());
      err.println("kubewsgi convert: wrote " + target);
    }
  }
}
