# Sourced by ./mvnw and ./kubewsgi: selects a JDK of release 25 or newer.
# GraalPy's optimizing runtime on a stock JDK needs JDK 25's JVMCI (see DESIGN.md, Conventions).
kubewsgi_java_release() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}
kubewsgi_select_jdk() {
  for candidate in "${KUBEWSGI_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    release=$(kubewsgi_java_release "$candidate")
    case "$release" in
      2[5-9] | [3-9][0-9]) JAVA_HOME=$candidate; export JAVA_HOME; return 0 ;;
    esac
  done
  echo "kubewsgi: no JDK 25 found. Set KUBEWSGI_JAVA_HOME or JAVA_HOME to a JDK 25 (e.g. Temurin 25)." >&2
  return 1
}
kubewsgi_select_jdk || exit 1
