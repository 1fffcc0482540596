package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/** Makes one GraalPy context per application group per worker, all on the shared engine. */
public final class InterpreterFactory {

  private final Engine engine;
  private final RuntimeConfig config;
  private final Path pycache;

  public InterpreterFactory(Engine engine, RuntimeConfig config, Path cacheDir) {
    this.engine = engine;
    this.config = config;
    this.pycache = cacheDir.resolve("pycache");
    try {
      Files.createDirectories(pycache);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the bytecode cache " + pycache, e);
    }
  }

  public Interpreter create(String group, int worker) {
    Context.Builder builder =
        Context.newBuilder("python")
            .engine(engine)
            // mod_wsgi runs applications with the rights of the process; so does the runtime.
            .allowAllAccess(true)
            .allowExperimentalOptions(true)
            // A second context loading a native module needs its own copy (GRAALPY.md).
            .option("python.IsolateNativeModules", "true")
            .option("python.DontWriteBytecodeFlag", "false")
            .option("python.PyCachePrefix", pycache.toString());
    if (!config.pythonPath().isEmpty()) {
      builder.option("python.PythonPath", String.join(File.pathSeparator, config.pythonPath()));
    }
    if (config.pythonHome() != null) {
      // A GraalPy venv: its python is the executable, and site adds its site-packages.
      builder
          .option("python.Executable", Path.of(config.pythonHome(), "bin", "python").toString())
          .option("python.ForceImportSite", "true");
    }
    if (config.home() != null) {
      // mod_wsgi's home=: relative open() and os.getcwd() start there.
      builder.currentWorkingDirectory(config.home());
    }
    return new Interpreter(
        config.name(), group, worker, builder.build(), config.threads() > 1, config.workers() > 1);
  }
}
