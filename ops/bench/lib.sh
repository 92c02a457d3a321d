# Shared by the wrk benchmarks (ops/bench/http, ops/bench/line). Sourced, not run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

BENCH_TMP=$(mktemp -d /tmp/advieslijn-bench-XXXXXX)
GW_PID= NGINX_PID=
bench_cleanup() {
  [ -n "$GW_PID" ] && kill -TERM "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  stop_redis
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

# build_release: the Release binary the benchmarks run.
build_release() {
  install_packages "${PACKAGES[@]}" wrk nginx-light
  BUILD=$ROOT/build/release
  build "$BUILD" Release -DADVIESLIJN_TESTS=OFF -DADVIESLIJN_BENCH=ON >/dev/null
}

# serve_on_free_port LOG PATH COMMAND...: starts COMMAND in the background, "@PORT@" in its
# words replaced by a random loopback port below Linux's ephemeral range (32768 up, where the
# run's many client sockets live), and returns once PATH on that port answers 2xx; a port
# found taken (another bench's Redis, a test) makes it try another. Sets SERVER_PID and
# SERVER_PORT; fails when the server stops or is not ready within 10 s.
serve_on_free_port() {
  local log_file=$1 path=$2
  shift 2
  for _ in 1 2 3 4 5; do
    SERVER_PORT=$((20000 + RANDOM % 12000))
    "${@//@PORT@/$SERVER_PORT}" > "$log_file" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
      curl -sf "http://127.0.0.1:$SERVER_PORT$path" >/dev/null && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$SERVER_PID" 2>/dev/null && return 1
    grep -qi "address already in use" "$log_file" || return 1
  done
  return 1
}

# start_gateway [sed expressions for the config copy...]: the shipped config without the
# access log (nginx below has none either), one I/O thread, a private Redis (REDIS_AOF=yes:
# with the append-only file, fsync every second). GATEWAY_BIN runs
# another build of the gateway (say, an older commit's, to compare in the same sitting);
# GW_THREADS and GW_PRELOAD set its I/O threads and an LD_PRELOAD; GW_DIR puts its config,
# log and Redis in another directory than BENCH_TMP (two gateways side by side: ops/bench/pair).
start_gateway() {
  local dir=${GW_DIR:-$BENCH_TMP}
  mkdir -p "$dir"
  start_redis "$dir/redis" "${REDIS_AOF:-no}"
  # wrk sends every callback form from one address: the hourly form limit is lifted.
  sed -e 's/"access_log": true/"access_log": false/' \
    -e 's/"callback_forms_per_hour_per_address": [0-9]*/"callback_forms_per_hour_per_address": 1000000/' \
    "$ROOT/ops/config/default.json" > "$dir/config.json"
  # Paths in the shipped config are relative to ops/config; the copy lives elsewhere.
  sed -i "s|\"\.\./\.\./|\"$ROOT/|" "$dir/config.json"
  sed -i "s|\"social_map\": \"\([^/\"][^\"]*\)\"|\"social_map\": \"$ROOT/ops/config/\1\"|" "$dir/config.json"
  for expr in "$@"; do sed -i "$expr" "$dir/config.json"; done
  serve_on_free_port "$dir/gateway.log" /readyz env ADVIESLIJN_THREADS="${GW_THREADS:-1}" LD_PRELOAD="${GW_PRELOAD:-}" \
    "${GATEWAY_BIN:-$BUILD/gateway/advieslijn}" serve --config "$dir/config.json" \
    --listen "127.0.0.1:@PORT@" --redis "redis://127.0.0.1:$REDIS_PORT" &&
    { GW_PID=$SERVER_PID GW_PORT=$SERVER_PORT; return 0; }
  GW_PID=$SERVER_PID
  log "gateway did not become ready"; cat "$dir/gateway.log" >&2; return 1
}

# start_nginx: one worker answering a fixed 200 on another loopback port.
start_nginx() {
  NGINX_PORT=$((GW_PORT + 1))
  cat > "$BENCH_TMP/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $BENCH_TMP; proxy_temp_path $BENCH_TMP; fastcgi_temp_path $BENCH_TMP;
  uwsgi_temp_path $BENCH_TMP; scgi_temp_path $BENCH_TMP;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
  nginx -c "$BENCH_TMP/nginx.conf" &
  NGINX_PID=$!
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null; then
      # The one worker (the master only supervises): its CPU time per request is the yardstick.
      NGINX_WORKER_PID=$(awk -v p="$NGINX_PID" '$4 == p {print $1; exit}' /proc/[0-9]*/stat 2>/dev/null)
      return 0
    fi
    sleep 0.1
  done
}

# start_peer REDIS_PORT: the Go peer of ops/bench/peer-go (built once, GOPATH mode from
# Debian's golang-go and redigo, nothing downloaded) on one core, on that Redis; sets PEER_PID
# and PEER_PORT.
start_peer() {
  if [ ! -x "$BENCH_TMP/peer" ]; then
    install_packages golang-go golang-github-gomodule-redigo-dev
    log "building the Go peer (GOPATH mode, Debian's redigo)"
    GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$BENCH_TMP/gocache" GOFLAGS= \
      go build -o "$BENCH_TMP/peer" "$ROOT/ops/bench/peer-go/peer.go"
  fi
  serve_on_free_port "$BENCH_TMP/peer.log" /healthz env GOMAXPROCS=1 "$BENCH_TMP/peer" \
    -listen "127.0.0.1:@PORT@" -redis "127.0.0.1:$1" -token "$TWILIO_AUTH_TOKEN" \
    -public "$ADVIESLIJN_PUBLIC_URL" -articles "$ROOT/knowledge-base/articles/nl" &&
    { PEER_PID=$SERVER_PID PEER_PORT=$SERVER_PORT; return 0; }
  PEER_PID=$SERVER_PID
  log "the Go peer did not start"; cat "$BENCH_TMP/peer.log" >&2; return 1
}

# callback_forms N [FIRST]: N widget forms for line.lua, numbered from FIRST (default 0), each
# a new task: its own phone number (no repeat contact joins another task) and Idempotency-Key.
callback_forms() {
  awk -v n="$1" -v f="${2:-0}" 'BEGIN { for (i = f; i < f + n; i++)
    printf "POST\t/v1/callbacks\tapplication/json\tidem:bench-%d\t{\"site_key\":\"demo\",\"phone\":\"+3161%07d\",\"name\":\"Sanne\",\"lang\":\"nl\",\"question\":\"Mijn dochter slaapt slecht en huilt veel\",\"consent\":true,\"window\":\"any\"}\n", i, i }'
}

# chat_messages URL SESSIONS: opens SESSIONS chat sessions on the gateway at URL and writes,
# for line.lua, one message per session, a question the knowledge base answers.
chat_messages() {
  local questions=("mijn baby slaapt 's nachts niet door" "mijn peuter heeft driftbuien"
                   "mijn kind wordt gepest op school" "hoeveel schermtijd is goed voor mijn kind"
                   "wanneer krijgt mijn baby vaccinaties" "mijn puber blowt")
  local s id
  for ((s = 0; s < $2; s++)); do
    id=$(curl -sf -H 'Content-Type: application/json' -d '{"site_key":"demo","lang":"nl"}' "$1/v1/chat/sessions" |
         sed -n 's/.*"session_id":"\([^"]*\)".*/\1/p')
    [ -n "$id" ] || { log "no chat session from $1"; return 1; }
    printf 'POST\t/v1/chat/sessions/%s/messages\tapplication/json\t-\t{"text":"%s"}\n' "$id" "${questions[$((s % ${#questions[@]}))]}"
  done
}

# staff_token URL CONFIG REDIS_PORT [BINARY]: makes a supervisor of the demo tenant (with the
# gateway's own `user add`) and prints a Bearer token from its login at URL.
staff_token() {
  echo bench-password-123 | "${4:-$BUILD/gateway/advieslijn}" user add bench-supervisor --role supervisor \
    --tenant demo --config "$2" --redis "redis://127.0.0.1:$3" >/dev/null
  local token
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"bench-supervisor","password":"bench-password-123","token":true}' "$1/v1/auth/login" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { log "no staff token from $1/v1/auth/login"; return 1; }
  echo "$token"
}

# redis_settle: with the append-only file on, rewrites it now and waits (at most 60 s) until
# Redis is neither rewriting nor saving. Every measurement starts from a compacted file: a
# rewrite that a preload (the call states) or the workload before set off would otherwise run
# inside the next measurement, its fork stalling Redis (15–19 ms seen) and its child taking a
# core for seconds, on whichever program happened to be measured then (on 2026-12-07 the
# preload's rewrite ran through the line's gathers and not the peer's). A rewrite that a
# workload's own writes set off during its run stays in its figures: that is their cost.
redis_settle() {
  local cli=(redis-cli -p "$REDIS_PORT")
  if [ "$("${cli[@]}" config get appendonly | tail -1)" = yes ]; then
    "${cli[@]}" bgrewriteaof >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 600); do
    "${cli[@]}" info persistence |
      grep -qE '^(aof_rewrite_in_progress|aof_rewrite_scheduled|rdb_bgsave_in_progress):1' || return 0
    sleep 0.1
  done
  log "Redis still rewriting or saving after 60 s; measuring anyway"
}

# cpu_ticks PID: user+system CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_wrk URL [wrk args...]: prints "requests/s p99_ms requests non2xx cpu_us" (the last is
# the server's CPU time per request, which a busy shared machine disturbs far less than
# requests/s: the gateway's, or CPU_PID's when set, e.g. nginx's worker); wrk's own report
# goes to stderr. With PERF_DIR set, the gateway is profiled during the run into
# $PERF_DIR/$PERF_LABEL.data (perf record -g, or $PERF_ARGS), for `perf report -i`.
run_wrk() {
  local url=$1
  shift
  local out rps p99 total bad perf_pid=
  [ -n "${REDIS_PORT:-}" ] && redis_settle
  if [ -n "${PERF_DIR:-}" ] && [ -n "${PERF_LABEL:-}" ]; then
    mkdir -p "$PERF_DIR"
    perf record ${PERF_ARGS:--g} -o "$PERF_DIR/$PERF_LABEL.data" -p "$GW_PID" -- sleep $((DURATION > 3 ? DURATION - 2 : 1)) 2>/dev/null &
    perf_pid=$!
  fi
  local ticks0= cpu_pid=${CPU_PID:-$GW_PID}
  [ -n "$cpu_pid" ] && ticks0=$(cpu_ticks "$cpu_pid")
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$url" "$@")
  local cpu_us=-
  if [ -n "$ticks0" ]; then
    cpu_us=$(echo "$out" | awk -v t="$(( $(cpu_ticks "$cpu_pid") - ticks0 ))" -v hz="$(getconf CLK_TCK)" \
      '/requests in/ {printf "%.1f", t / hz * 1e6 / $1}')
  fi
  [ -n "$perf_pid" ] && wait "$perf_pid"
  echo "$out" >&2
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  total=$(echo "$out" | awk '/requests in/ {print $1}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$rps $p99 $total ${bad:-0} $cpu_us"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
