#!/usr/bin/env bash
# A local 3-node MariaDB Galera cluster (multi-primary, rsync state transfer) on 127.0.0.1, for the
# cluster suite (`npm run test:cluster`). Leaves the system MariaDB on 3306 alone: own ports, datadirs,
# sockets and pid files under $GALERA_DIR. Run as root (mariadbd drops to --user=mysql).
#
#   scripts/galera-cluster.sh start        init the datadirs, bootstrap node 1, join 2 and 3, wait Synced
#   scripts/galera-cluster.sh stop         stop every node (SIGTERM, then SIGKILL after 30 s)
#   scripts/galera-cluster.sh kill N       SIGKILL node N (a crash)
#   scripts/galera-cluster.sh restart N    start node N again, wait until it rejoined and is Synced
#   scripts/galera-cluster.sh status       size and state of each node
#   scripts/galera-cluster.sh urls         the DATABASE_URL of each node, one a line
#   scripts/galera-cluster.sh logs         every node's error log (for CI failures)
set -euo pipefail

DIR=${GALERA_DIR:-/tmp/gateway-galera}
USER_NAME=gateway
PASSWORD=cluster-password
DATABASE=gateway_cluster
NODES=(1 2 3)
WAIT_SECONDS=${GALERA_WAIT_SECONDS:-90}
PROVIDER=/usr/lib/galera/libgalera_smm.so
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)

sql_port() { echo $((4305 + $1)); }    # 4306 4307 4308
base_port() { echo $((4557 + 10 * $1)); } # gcomm 4567 4577 4587; IST is base + 1
sst_port() { echo $((4434 + 10 * $1)); }  # 4444 4454 4464
node_dir() { echo "$DIR/node$1"; }
run_dir() { echo "$DIR/run"; } # socket, server pid file and error log: written by the mysql user
socket() { echo "$DIR/run/node$1.sock"; }
error_log() { echo "$DIR/run/node$1.err"; }
pid_of() { cat "$DIR/node$1.pid" 2>/dev/null || true; } # written here at launch
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
root_sql() { mariadb --no-defaults -uroot -S "$(socket "$1")" -N -B -e "$2"; }
wsrep() { root_sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2; }
fail() { echo "galera-cluster: $*" >&2; exit 1; }

members() {
  local list=() n
  for n in "${NODES[@]}"; do list+=("127.0.0.1:$(base_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

write_config() {
  local n=$1 base
  base=$(base_port "$n")
  cat >"$DIR/node$n.cnf" <<CNF
[mariadbd]
datadir=$(node_dir "$n")
socket=$(socket "$n")
pid-file=$DIR/run/node$n.pid
log-error=$(error_log "$n")
port=$(sql_port "$n")
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
performance_schema=OFF
innodb_buffer_pool_size=128M
innodb_flush_log_at_trx_commit=2
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=gateway_galera
wsrep_cluster_address=gcomm://$(members)
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$base
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$base;ist.recv_addr=127.0.0.1:$((base + 1));gcache.size=128M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(sst_port "$n")
CNF
}

init_node() {
  local n=$1 dir
  dir=$(node_dir "$n")
  write_config "$n"
  if [ ! -d "$dir/mysql" ]; then
    mkdir -p "$dir"
    mariadb-install-db --no-defaults --datadir="$dir" --user=mysql --auth-root-authentication-method=socket \
      >"$DIR/node$n.install.log" 2>&1 || { cat "$DIR/node$n.install.log" >&2; fail "mariadb-install-db failed for node $n"; }
  fi
  # The rsync state transfer writes as the daemon's user: the datadir must belong to it.
  chown -R mysql:mysql "$dir"
}

launch() {
  local n=$1; shift
  running "$n" && return 0
  rm -f "$DIR/node$n.pid"
  setsid "$MARIADBD" --defaults-file="$DIR/node$n.cnf" --user=mysql "$@" </dev/null >>"$DIR/node$n.out" 2>&1 &
  echo $! >"$DIR/node$n.pid"
}

# Waits until node N answers, is Synced and sees the expected cluster size.
wait_synced() {
  local n=$1 size=$2 deadline=$((SECONDS + WAIT_SECONDS)) state members_seen
  while [ $SECONDS -lt $deadline ]; do
    running "$n" || { tail -n 30 "$(error_log "$n")" >&2; fail "node $n exited (log: $(error_log "$n"))"; }
    state=$(wsrep "$n" wsrep_local_state_comment || true)
    members_seen=$(wsrep "$n" wsrep_cluster_size || true)
    if [ "$state" = Synced ] && [ "${members_seen:-0}" -ge "$size" ]; then return 0; fi
    sleep 0.5
  done
  tail -n 30 "$(error_log "$n")" >&2
  fail "node $n not Synced in a cluster of $size within ${WAIT_SECONDS}s (state '${state:-none}', size '${members_seen:-none}')"
}

any_running() { local n; for n in "${NODES[@]}"; do running "$n" && return 0; done; return 1; }

cmd_start() {
  local started=$SECONDS n
  command -v mariadb-install-db >/dev/null && [ -x "$MARIADBD" ] || fail "mariadb-server is not installed"
  [ -e "$PROVIDER" ] || fail "galera-4 is not installed ($PROVIDER missing)"
  command -v rsync >/dev/null || fail "rsync is not installed (needed for state transfer)"
  mkdir -p "$DIR" "$(run_dir)" && chmod 755 "$DIR" && chown mysql:mysql "$(run_dir)"
  for n in "${NODES[@]}"; do init_node "$n"; done
  if ! any_running; then
    # A cluster stopped as a whole: node 1 starts a new one (safe_to_bootstrap: it stopped last or alone).
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(node_dir 1)/grastate.dat" 2>/dev/null || true
    launch 1 --wsrep-new-cluster
    wait_synced 1 1
  fi
  for n in "${NODES[@]}"; do
    launch "$n"
    wait_synced "$n" 1
  done
  for n in "${NODES[@]}"; do wait_synced "$n" ${#NODES[@]}; done
  root_sql 1 "CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
    GRANT ALL PRIVILEGES ON \`$DATABASE%\`.* TO '$USER_NAME'@'127.0.0.1';"
  echo "Galera cluster of ${#NODES[@]} nodes Synced in $((SECONDS - started)) s (SQL ports $(sql_port 1)-$(sql_port 3))."
}

cmd_stop() {
  local n pid deadline
  for n in "${NODES[@]}"; do running "$n" && kill -TERM "$(pid_of "$n")"; done
  deadline=$((SECONDS + 30))
  while any_running && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  for n in "${NODES[@]}"; do
    pid=$(pid_of "$n")
    if running "$n"; then kill -KILL "$pid"; fi
    rm -f "$DIR/node$n.pid"
  done
  echo "Galera cluster stopped."
}

node_arg() { [[ "${1:-}" =~ ^[1-3]$ ]] || fail "give a node number 1-3"; }

cmd_kill() {
  node_arg "${1:-}"
  running "$1" || fail "node $1 is not running"
  kill -KILL "$(pid_of "$1")"
  local deadline=$((SECONDS + 10))
  while running "$1"; do
    [ $SECONDS -lt $deadline ] || fail "node $1 still runs 10 s after SIGKILL"
    sleep 0.1
  done
  echo "node $1 killed."
}

cmd_restart() {
  local started=$SECONDS
  node_arg "${1:-}"
  any_running || fail "no node is running: use start"
  launch "$1"
  wait_synced "$1" ${#NODES[@]}
  echo "node $1 rejoined and Synced in $((SECONDS - started)) s."
}

cmd_status() {
  local n
  for n in "${NODES[@]}"; do
    if running "$n"; then
      echo "node $n: port $(sql_port "$n"), $(wsrep "$n" wsrep_local_state_comment), cluster size $(wsrep "$n" wsrep_cluster_size)"
    else
      echo "node $n: down"
    fi
  done
}

cmd_urls() {
  local n
  for n in "${NODES[@]}"; do echo "mariadb://$USER_NAME:$PASSWORD@127.0.0.1:$(sql_port "$n")/$DATABASE"; done
}

cmd_logs() {
  local n
  for n in "${NODES[@]}"; do
    echo "=== node $n ($(error_log "$n")) ==="
    tail -n "${LOG_LINES:-200}" "$(error_log "$n")" 2>/dev/null || echo "(no log)"
  done
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  status) cmd_status ;;
  urls) cmd_urls ;;
  logs) cmd_logs ;;
  *) fail "usage: $0 start|stop|kill N|restart N|status|urls|logs" ;;
esac
