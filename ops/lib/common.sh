# Shared by ops/run and ops/test. Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages the line needs to build, run and test.
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-url1.81-dev libhiredis-dev nlohmann-json3-dev libspdlog-dev libssl-dev libcli11-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libstemmer-dev libutf8proc-dev libsodium-dev libjemalloc-dev libfasttext-dev libsystemd-dev
  redis-server curl
)
# The operations tests (tests/ops): nginx in front of two gateways over TLS, the compose
# file's parser, systemd-analyze for the unit. ops/test only: ops/run needs none of them.
OPS_TEST_PACKAGES=(
  nginx-light openssl python3 python3-yaml systemd
)

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs whatever of the given packages is missing (apt), once.
install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR TYPE [extra cmake args...]
build() {
  local dir=$1 type=$2
  shift 2
  # ccache, when a developer has it, makes rebuilds of other checkouts cheap; not required.
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout, so that a fresh clone elsewhere (as CI makes) hits the
  # cache of the last one instead of compiling everything again.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${launcher[@]}" "$@" >/dev/null
  cmake --build "$dir" --parallel "$(nproc)"
}

# start_redis DIR: starts a private redis-server on a free loopback port with its data in
# DIR; sets REDIS_PID and REDIS_PORT. Ports are tried at random until one is free.
# hash-max-listpack-value 1024: a callback task's hash (its question is longer than the
# default 64 bytes) stays a listpack: creates about 10 % faster, tasks in about half the memory
# (docs/operations.md, "hash-max-listpack-value").
start_redis() {
  local dir=$1 appendonly=${2:-no}
  mkdir -p "$dir"
  for _ in $(seq 1 20); do
    REDIS_PORT=$((20000 + RANDOM % 30000))
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" \
      --appendonly "$appendonly" --save '' --hash-max-listpack-value 1024 \
      --daemonize no --logfile "$dir/redis.log" &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
      if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return 0; fi
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  done
  log "could not start redis-server (see $dir/redis.log)"
  return 1
}

stop_redis() {
  if [ -n "${REDIS_PID:-}" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
}
