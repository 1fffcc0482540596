package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.Engine;

/**
 * {@code --check}: the resource is already valid when this runs; compile every import script and
 * application without running them, and leave their bytecode cached.
 */
public final class CheckMode {

  private CheckMode() {}

  /** Compiles every script; reports each failure as "file:line: message" on {@code err}. */
  public static ExitCode run(
      RuntimeConfig config, Path cacheDir, PrintStream out, PrintStream err) {
    List<ScriptCompiler.Failure> failures;
    try (Engine engine = EngineFactory.create();
        Interpreter interpreter =
            new InterpreterFactory(engine, config, cacheDir).create("check", 0)) {
      failures = ScriptCompiler.compile(interpreter, config, true);
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return ExitCode.UNEXPECTED;
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> err.println(f.line()));
      return failures.get(0).exitCode();
    }
    out.println(
        config.file()
            + ": OK: "
            + config.importScripts().size()
            + " import script(s), "
            + config.applications().size()
            + " application(s) and "
            + config.applications().stream()
                .filter(a -> a.auth() != null)
                .mapToLong(a -> a.auth().hooks().size())
                .sum()
            + " auth hook(s) compile");
    return ExitCode.OK;
  }
}
