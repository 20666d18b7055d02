#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL and Redis on loopback for one test run, under var/test.
# Usage: scripts/test-services.sh start|stop. `start` prints the environment to export.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/var/test/services"
pg_port="${OSU_TEST_PG_PORT:-55432}"
redis_port="${OSU_TEST_REDIS_PORT:-56379}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

# PostgreSQL refuses to run as root: as root, run it as the 'postgres' system user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Something already listening on the port (another run's services, say) would answer instead.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  mkdir -p "$state"
  local pgdata="$state/pg" sockets="$state/sockets"
  stop >/dev/null 2>&1 || true
  for port in "$pg_port" "$redis_port"; do
    if port_in_use "$port"; then
      echo "Port $port on 127.0.0.1 is already in use (the services of another test run?):" \
        "stop them, or choose others with OSU_TEST_PG_PORT and OSU_TEST_REDIS_PORT." >&2
      return 1
    fi
  done
  rm -rf "$pgdata" "$sockets"
  mkdir -p "$pgdata" "$sockets"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdata" "$sockets"; chmod o+x "$root/var" "$root/var/test" "$state" 2>/dev/null || true; fi
  as_pg "$pg_bin/initdb" -D "$pgdata" -U osunited --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pgdata" -l "$sockets/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$sockets -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U osunited osunited
  # Databases enough for 64 workers of a parallel run (tests/services.py: redis_url).
  redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --save "" --appendonly no \
    --databases 256 \
    --dir "$state" --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null || { echo "Redis did not start: $state/redis.log" >&2; return 1; }
  echo "export OSU_TEST_POSTGRES_URL=postgres://osunited@127.0.0.1:$pg_port/osunited"
  echo "export OSU_TEST_POSTGRES_DATA=$pgdata OSU_TEST_PG_BIN=$pg_bin"  # restarted by a test
  echo "export OSU_TEST_REDIS_URL=redis://127.0.0.1:$redis_port"
}

stop() {
  if [ -f "$state/pg/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null || true; fi
  if [ -f "$state/redis.pid" ]; then redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
}

"$@"
