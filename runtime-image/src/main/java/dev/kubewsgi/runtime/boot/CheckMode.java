package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ImportScript;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.ScriptFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.graalvm.polyglot.Engine;

/**
 * {@code --check}, the init container's mode: the resource is already valid when this runs; compile
 * every import script and application script without running them, and leave their bytecode cached.
 */
public final class CheckMode {

  private CheckMode() {}

  /** Compiles every script; reports each failure as "file:line: message" on {@code err}. */
  public static ExitCode run(
      RuntimeConfig config, Path cacheDir, PrintStream out, PrintStream err) {
    ExitCode result = ExitCode.OK;
    try (Engine engine = EngineFactory.create();
        Interpreter interpreter =
            new InterpreterFactory(engine, config, cacheDir).create("check", 0)) {
      for (ImportScript script : config.importScripts()) {
        Optional<ScriptFailure> failure = interpreter.compileScript(script.path(), script.source());
        if (failure.isPresent()) {
          err.println(failure.get().summary() + " (" + script.field() + ")");
          if (result == ExitCode.OK) {
            result = ExitCode.IMPORT_SCRIPT_FAILED;
          }
        }
      }
      for (Application app : config.applications()) {
        Optional<ScriptFailure> failure =
            app.script() != null
                ? interpreter.compileScript(app.script(), null)
                : interpreter.compileModule(app.module());
        if (failure.isPresent()) {
          err.println(failure.get().summary() + " (" + app.sourceField() + ")");
          if (result == ExitCode.OK) {
            result = ExitCode.APPLICATION_LOAD_FAILED;
          }
        }
      }
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return ExitCode.UNEXPECTED;
    }
    if (result == ExitCode.OK) {
      out.println(
          config.file()
              + ": OK: "
              + config.importScripts().size()
              + " import script(s) and "
              + config.applications().size()
              + " application(s) compile");
    }
    return result;
  }
}
