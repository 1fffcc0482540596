package dev.kubewsgi.operator.apiserver;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the test control plane when the test run ends, failed or not. */
public final class ControlPlaneSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    ControlPlane.stopIfStarted();
  }
}
