package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ImportScript;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.util.List;

/** Runs a group's import scripts in one interpreter, in declaration order, timing each. */
final class ImportScriptRunner {

  private final RuntimeStatus status;

  ImportScriptRunner(RuntimeStatus status) {
    this.status = status;
  }

  void run(Interpreter interpreter, List<ImportScript> scripts) throws BootFailure {
    for (ImportScript script : scripts) {
      ScriptStep.run(
          status,
          interpreter,
          "importScript",
          script.name(),
          script.field(),
          failure -> "import script " + script.field() + " (" + script.name() + ")",
          ExitCode.IMPORT_SCRIPT_FAILED,
          () -> interpreter.runImportScript(script.name(), script.path(), script.source()));
    }
  }
}
