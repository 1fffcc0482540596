package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.runtime.ExitCode;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ImportScript;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.ScriptFailure;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a group's import scripts in one interpreter, in declaration order, timing each. */
final class ImportScriptRunner {

  private static final Logger log = LoggerFactory.getLogger(ImportScriptRunner.class);

  private final RuntimeStatus status;

  ImportScriptRunner(RuntimeStatus status) {
    this.status = status;
  }

  void run(Interpreter interpreter, List<ImportScript> scripts) throws BootFailure {
    for (ImportScript script : scripts) {
      long start = System.nanoTime();
      Optional<ScriptFailure> failure =
          interpreter.runImportScript(script.name(), script.path(), script.source());
      long millis = (System.nanoTime() - start) / 1_000_000;
      status.script(
          new RuntimeStatus.ScriptRun(
              interpreter.id(), "importScript", script.name(), script.field(), millis,
              failure.map(ScriptFailure::summary).orElse(null)));
      if (failure.isPresent()) {
        ScriptFailure f = failure.get();
        throw new BootFailure(
            ExitCode.IMPORT_SCRIPT_FAILED,
            "import script " + script.field() + " (" + script.name() + ") failed in interpreter "
                + interpreter.id() + ": " + f.summary(),
            f.traceback());
      }
      log.info("[{}] import script {} ran in {} ms", interpreter.id(), script.name(), millis);
    }
  }
}
