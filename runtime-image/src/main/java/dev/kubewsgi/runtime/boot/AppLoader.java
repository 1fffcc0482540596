package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.util.List;

/**
 * Imports every application script of a group and finds its callable, before Ready, never lazily.
 */
final class AppLoader {

  private final RuntimeStatus status;

  AppLoader(RuntimeStatus status) {
    this.status = status;
  }

  void load(Interpreter interpreter, List<Application> applications) throws BootFailure {
    for (Application app : applications) {
      ScriptStep.run(
          status,
          interpreter,
          "application",
          app.mount(),
          app.field(),
          // Without a traceback the callable is at fault; with one, the script or module raised.
          failure ->
              "application "
                  + (failure.traceback().isEmpty() ? app.field() + ".callable" : app.sourceField())
                  + " (mount "
                  + app.mount()
                  + ", "
                  + app.source()
                  + ")",
          ExitCode.APPLICATION_LOAD_FAILED,
          () ->
              app.script() != null
                  ? interpreter.loadApplication(app.index(), app.script(), app.callable())
                  : interpreter.loadModuleApplication(app.index(), app.module(), app.callable()));
    }
  }
}
