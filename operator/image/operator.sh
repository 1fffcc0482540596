#!/bin/sh
# /opt/kubewsgi-operator/bin/operator: the operator image's entry point. Settings come from the
# environment (KUBEWSGI_WATCH_NAMESPACES, KUBEWSGI_RUNTIME_IMAGE, KUBEWSGI_LEADER_ELECTION, ...;
# `operator --help` lists them); JAVA_TOOL_OPTIONS or KUBEWSGI_JAVA_OPTS tune the JVM.
set -eu
home=${KUBEWSGI_OPERATOR_HOME:-/opt/kubewsgi-operator}
java=${JAVA_HOME:-/opt/java}/bin/java
# shellcheck disable=SC2086
exec "$java" \
  -XX:MaxRAMPercentage=70 \
  -XX:+ExitOnOutOfMemoryError \
  -Djava.io.tmpdir=/tmp \
  -Djava.awt.headless=true \
  ${KUBEWSGI_JAVA_OPTS:-} \
  -cp "$home/lib/*" \
  dev.kubewsgi.operator.KubewsgiOperator "$@"
