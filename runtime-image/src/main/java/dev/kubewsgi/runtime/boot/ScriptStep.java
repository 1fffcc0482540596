package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.ScriptFailure;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one script step in an interpreter: timed, logged, recorded for /status, a failure made a
 * BootFailure.
 */
final class ScriptStep {

  private static final Logger log = LoggerFactory.getLogger(ScriptStep.class);

  private ScriptStep() {}

  /**
   * @param kind "importScript" or "application", as /status shows it
   * @param what names the failed step, such as "import script spec.importScripts[0] (a.py)"
   */
  static void run(
      RuntimeStatus status,
      Interpreter interpreter,
      String kind,
      String name,
      String field,
      Function<ScriptFailure, String> what,
      ExitCode onFailure,
      Supplier<Optional<ScriptFailure>> step)
      throws BootFailure {
    long start = System.nanoTime();
    Optional<ScriptFailure> failure = step.get();
    long millis = (System.nanoTime() - start) / 1_000_000;
    status.script(
        new RuntimeStatus.ScriptRun(
            interpreter.id(),
            kind,
            name,
            field,
            millis,
            failure.map(ScriptFailure::summary).orElse(null)));
    if (failure.isPresent()) {
      throw new BootFailure(
          onFailure,
          what.apply(failure.get())
              + " failed in interpreter "
              + interpreter.id()
              + ": "
              + failure.get().summary(),
          failure.get().traceback());
    }
    log.info("[{}] {} {} done in {} ms", interpreter.id(), kind, name, millis);
  }
}
