# Shared by the scripts: pick a JDK >= 21 (JAVA_HOME if it is one, else the newest under /usr/lib/jvm).
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    JAVA_MAJOR=$(java_major "$JAVA_HOME")
    if [ "$JAVA_MAJOR" -ge 21 ] 2>/dev/null; then
      return 0
    fi
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "Tidings needs a JDK 21 or newer: set JAVA_HOME or install one under /usr/lib/jvm" >&2
    exit 1
  fi
  export JAVA_HOME=$best
  JAVA_MAJOR=$best_major
}

find_jdk
export PATH="$JAVA_HOME/bin:$PATH"

# JVM options for every start of the server (scripts/run, the benchmarks). From JDK 25 on, Netty
# leaves sun.misc.Unsafe alone unless memory access through it is allowed outright, and then
# reaches every network buffer through ByteBuffer's checked accessors, which costs every request
# some CPU (1-2 us of a 64 KiB download's 33-37, docs/benchmarks.md). The option exists from JDK 23.
SERVER_JAVA_OPTS=()
if [ "$JAVA_MAJOR" -ge 23 ]; then
  SERVER_JAVA_OPTS+=(--sun-misc-unsafe-memory-access=allow)
fi
