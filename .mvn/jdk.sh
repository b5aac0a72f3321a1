# Picks a JDK 21+ for the build and the local stack; sourced (POSIX sh) by ../mvnw and
# ../deploy/local/stack. Keeps JAVA_HOME when it already names one; otherwise looks in the usual
# install locations and takes the oldest feature release that is at least 21 (the project
# targets 21, so the closest match wins). Fails with one line when there is none.

orderflow_jdk_feature() {
  # Prints the feature version (21, 25, ...) of the JDK at $1, or nothing if it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
  fi
}

orderflow_select_jdk() {
  orderflow_min=21
  if [ -n "${JAVA_HOME-}" ]; then
    orderflow_v=$(orderflow_jdk_feature "$JAVA_HOME")
    if [ -n "$orderflow_v" ] && [ "$orderflow_v" -ge "$orderflow_min" ]; then return 0; fi
  fi
  orderflow_best=
  orderflow_best_v=
  orderflow_javac=$(command -v javac 2>/dev/null || :)
  orderflow_path_jdk=
  if [ -n "$orderflow_javac" ]; then
    orderflow_path_jdk=$(dirname "$(dirname "$(readlink -f "$orderflow_javac")")")
  fi
  orderflow_restore_f=$(case $- in *f*) echo yes ;; esac)
  set +f
  for orderflow_c in "$orderflow_path_jdk" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$orderflow_c" ] && [ -d "$orderflow_c" ] || continue
    orderflow_v=$(orderflow_jdk_feature "$orderflow_c")
    [ -n "$orderflow_v" ] && [ "$orderflow_v" -ge "$orderflow_min" ] || continue
    if [ -z "$orderflow_best_v" ] || [ "$orderflow_v" -lt "$orderflow_best_v" ]; then
      orderflow_best=$orderflow_c
      orderflow_best_v=$orderflow_v
    fi
  done
  [ -z "$orderflow_restore_f" ] || set -f
  if [ -z "$orderflow_best" ]; then
    echo "error: this build needs a JDK $orderflow_min or newer; none found (JAVA_HOME=${JAVA_HOME-unset}). Install one (e.g. Temurin 21) and set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$orderflow_best
  export JAVA_HOME
}

orderflow_select_jdk || exit 1
