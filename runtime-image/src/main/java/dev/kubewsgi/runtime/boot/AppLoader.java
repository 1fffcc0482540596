package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ApplicationAuth;
import dev.kubewsgi.runtime.config.AuthHook;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Imports every application script of a group and finds its callable, before Ready, never lazily.
 */
final class AppLoader {

  // One per process, so every worker accepts the Digest nonces of the others. Another pod's nonce
  // is answered 401 with stale=true, which clients retry without asking the user again.
  private static final String NONCE_SECRET = nonceSecret();

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
                  + app.describe()
                  + ")",
          ExitCode.APPLICATION_LOAD_FAILED,
          () ->
              app.script() != null
                  ? interpreter.loadApplication(app.key(), app.script(), app.callable())
                  : interpreter.loadModuleApplication(app.key(), app.module(), app.callable()));
      if (app.auth() != null) {
        loadAuth(interpreter, app, app.auth());
      }
    }
  }

  private static String nonceSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  // Hooks are preloaded like import scripts: a broken one stops boot naming its field and line.
  private void loadAuth(Interpreter interpreter, Application app, ApplicationAuth auth)
      throws BootFailure {
    for (AuthHook hook : auth.hooks()) {
      ScriptStep.run(
          status,
          interpreter,
          "authScript",
          hook.function() + " (" + app.mount() + ")",
          hook.field(),
          failure -> "auth script " + hook.field() + " (" + hook.path() + ")",
          ExitCode.IMPORT_SCRIPT_FAILED,
          () -> interpreter.loadAuthHook(app.key(), hook.function(), hook.path(), hook.source()));
    }
    interpreter.configureAuth(
        app.key(),
        auth.provider(),
        auth.realm(),
        auth.requiredGroups(),
        auth.passAuthorization(),
        NONCE_SECRET);
  }
}
