#!/usr/bin/env bash
# What `make test` runs: system packages, throw-away services, linters, then the whole suite on
# SQLite and on PostgreSQL (each run includes the Celery-through-Redis and Chromium tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

bash scripts/install-system-packages.sh
eval "$(bash scripts/test-services.sh start)"
trap 'bash scripts/test-services.sh stop' EXIT
export OSU_TEST_CHROMIUM="${OSU_TEST_CHROMIUM:-/usr/bin/chromium}"
export XDG_CACHE_HOME="$(pwd)/var/test/cache"  # the license index is built once for both runs
export OSU_REQUIRE_ALL_TESTS=1  # a missing service fails the run instead of skipping anything

echo "== ruff"; $bin/ruff check src tests benchmarks; $bin/ruff format --check src tests benchmarks
echo "== mypy"; $bin/mypy
echo "== migrations"; DJANGO_SETTINGS_MODULE=tests.settings $bin/python -m django makemigrations --check --dry-run
echo "== pytest on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test/osunited.sqlite3" $bin/pytest "$@"
echo "== pytest on PostgreSQL"
DATABASE_URL="$OSU_TEST_POSTGRES_URL" $bin/pytest "$@"
