package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.runtime.ExitCode;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.ScriptFailure;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Imports every application script of a group and finds its callable, before Ready, never lazily. */
final class AppLoader {

  private static final Logger log = LoggerFactory.getLogger(AppLoader.class);

  private final RuntimeStatus status;

  AppLoader(RuntimeStatus status) {
    this.status = status;
  }

  void load(Interpreter interpreter, List<Application> applications) throws BootFailure {
    for (Application app : applications) {
      long start = System.nanoTime();
      Optional<ScriptFailure> failure =
          interpreter.loadApplication(app.index(), app.script(), app.callable());
      long millis = (System.nanoTime() - start) / 1_000_000;
      status.script(
          new RuntimeStatus.ScriptRun(
              interpreter.id(), "application", app.mount(), app.field(), millis,
              failure.map(ScriptFailure::summary).orElse(null)));
      if (failure.isPresent()) {
        ScriptFailure f = failure.get();
        String field = f.traceback().isEmpty() ? app.field() + ".callable" : app.field() + ".script";
        throw new BootFailure(
            ExitCode.APPLICATION_LOAD_FAILED,
            "application " + field + " (mount " + app.mount() + ") failed to load in interpreter "
                + interpreter.id() + ": " + f.summary(),
            f.traceback());
      }
      log.info("[{}] application {} loaded from {} in {} ms", interpreter.id(), app.mount(),
          app.script(), millis);
    }
  }
}
