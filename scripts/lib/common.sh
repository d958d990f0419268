# Shared set-up for scripts/stripscope and scripts/test. Sourced, not run.
# Makes sure Java 17+, Maven and libpcap are there; installs libpcap when run as root on Debian.

STRIPSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STRIPSCOPE_JAR="$STRIPSCOPE_ROOT/analyzer/target/stripscope.jar"

die() { printf 'stripscope: %s\n' "$*" >&2; exit 1; }

have_libpcap() {
    # libpcap0.8 ships libpcap.so.0.8 (and .so.1.x); the unversioned .so only comes with -dev.
    if command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libpcap\.so'; then
        return 0
    fi
    local d
    for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /lib/x86_64-linux-gnu; do
        compgen -G "$d/libpcap.so*" >/dev/null && return 0
    done
    return 1
}

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        die "$1 is missing; install it with: sudo apt-get install -y $2"
    fi
    command -v apt-get >/dev/null 2>&1 || die "$1 is missing and this is not a Debian-like system: install $2"
    printf 'stripscope: installing %s (apt-get install -y %s)\n' "$1" "$2" >&2
    # A failed 'apt-get update' (no network to one mirror) must not hide a usable package list.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $2 >&2 || die "could not install $2"
}

ensure_runtime() {
    command -v java >/dev/null 2>&1 || die "java is missing; install Java 17 (apt-get install -y openjdk-17-jre-headless)"
    local v
    v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    case "$v" in
        1.*|9|10|11|12|13|14|15|16) die "Java 17 or later is needed (found $v)";;
    esac
    have_libpcap || apt_install libpcap libpcap0.8
    have_libpcap || die "libpcap still not found after installing libpcap0.8"
}

ensure_build_tools() {
    command -v mvn >/dev/null 2>&1 || apt_install Maven maven
}

# Builds the jar when it is missing or older than any source file or pom.
ensure_jar() {
    if [ -f "$STRIPSCOPE_JAR" ] && [ -z "$(find "$STRIPSCOPE_ROOT/pom.xml" "$STRIPSCOPE_ROOT/analyzer/pom.xml" \
            "$STRIPSCOPE_ROOT/analyzer/src/main" -newer "$STRIPSCOPE_JAR" -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    ensure_build_tools
    printf 'stripscope: building %s\n' "${STRIPSCOPE_JAR#"$STRIPSCOPE_ROOT"/}" >&2
    (cd "$STRIPSCOPE_ROOT" && mvn -q -B -DskipTests package >&2) || die "build failed (run: mvn -B -DskipTests package)"
}
