package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.AuthHook;
import dev.kubewsgi.runtime.config.ImportScript;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.ScriptFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles scripts without running them, so a syntax error anywhere stops a pod before the first
 * script runs: {@code --check} compiles every one, boot every file the first worker would run.
 */
final class ScriptCompiler {

  /** One script that did not compile: its exit code and "file:line: message (field)". */
  record Failure(ExitCode exitCode, String line) {}

  private ScriptCompiler() {}

  /**
   * Compiles every import script and application script, and module applications when {@code
   * modules}: finding a module imports its parent packages, which may read what an import script
   * sets, so boot passes false and such a module is compiled when imported, after the scripts.
   */
  static List<Failure> compile(Interpreter interpreter, RuntimeConfig config, boolean modules) {
    List<Failure> failures = new ArrayList<>();
    for (ImportScript script : config.importScripts()) {
      interpreter
          .compileScript(script.path(), script.source())
          .ifPresent(f -> failures.add(failure(ExitCode.IMPORT_SCRIPT_FAILED, f, script.field())));
    }
    for (Application app : config.applications()) {
      Optional<ScriptFailure> failure =
          app.script() != null
              ? interpreter.compileScript(app.script(), null)
              : modules ? interpreter.compileModule(app.module()) : Optional.empty();
      failure.ifPresent(
          f -> failures.add(failure(ExitCode.APPLICATION_LOAD_FAILED, f, app.sourceField())));
      for (AuthHook hook : app.auth() == null ? List.<AuthHook>of() : app.auth().hooks()) {
        interpreter
            .compileScript(hook.path(), hook.source())
            .ifPresent(f -> failures.add(failure(ExitCode.IMPORT_SCRIPT_FAILED, f, hook.field())));
      }
    }
    return failures;
  }

  private static Failure failure(ExitCode code, ScriptFailure failure, String field) {
    return new Failure(code, failure.summary() + " (" + field + ")");
  }
}
