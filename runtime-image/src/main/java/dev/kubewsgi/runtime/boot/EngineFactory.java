package dev.kubewsgi.runtime.boot;

import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one shared Engine: every context of every group runs on it, so compiled code is shared. */
public final class EngineFactory {

  private static final Logger log = LoggerFactory.getLogger(EngineFactory.class);

  /** Env var: "true" lets the runtime start on Truffle's interpreter-only fallback. */
  public static final String ALLOW_INTERPRETED_ENV = "KUBEWSGI_ALLOW_INTERPRETED";

  private EngineFactory() {}

  /**
   * Creates the engine and checks the optimizing runtime is on.
   *
   * @throws IllegalStateException on the interpreter-only fallback, unless allowed by env
   */
  public static Engine create() {
    // GRAALPY.md: two compiler threads reached steady state in about half the calls.
    String compilerThreads = System.getProperty("kubewsgi.compilerThreads", "2");
    Engine engine =
        Engine.newBuilder("python").option("engine.CompilerThreads", compilerThreads).build();
    String implementation = engine.getImplementationName();
    if ("Interpreted".equals(implementation)) {
      String message =
          "GraalPy runs on Truffle's interpreter-only fallback (10-15x slower): the Graal compiler is"
              + " not on --upgrade-module-path, or its version differs from polyglot's. Start the"
              + " runtime with ./kubewsgi, or pass -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI"
              + " --upgrade-module-path=<dir with compiler, truffle-compiler, collections, nativeimage,"
              + " word jars>.";
      if (!"true".equalsIgnoreCase(System.getenv(ALLOW_INTERPRETED_ENV))) {
        engine.close();
        throw new IllegalStateException(
            message + " Set " + ALLOW_INTERPRETED_ENV + "=true to run anyway.");
      }
      log.error("{} Running anyway ({}=true).", message, ALLOW_INTERPRETED_ENV);
    } else {
      log.info("engine: {} with JIT, {} compiler threads", implementation, compilerThreads);
    }
    return engine;
  }
}
