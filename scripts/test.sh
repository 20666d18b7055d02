#!/usr/bin/env bash
# What `make test` runs: system packages, throw-away services, linters, then the whole suite on
# SQLite and everything that touches a database again on PostgreSQL (each run includes the
# Celery-through-Redis and Chromium tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

# mypy takes over a minute on one core: it checks beside the set-up steps below, which barely
# use the other, and the run waits for it before the tests start.
mkdir -p var/test
$bin/mypy > var/test/mypy.log 2>&1 &
mypy_pid=$!

bash scripts/install-system-packages.sh
# A service that does not start stops the run here (an eval of nothing would hide it).
services="$(bash scripts/test-services.sh start)" || {
  echo "The test services did not start: see the message above." >&2
  exit 1
}
eval "$services"
trap 'bash scripts/test-services.sh stop' EXIT
export OSU_TEST_CHROMIUM="${OSU_TEST_CHROMIUM:-/usr/bin/chromium}"
export XDG_CACHE_HOME="$(pwd)/var/test/cache"  # the license index is built once for both runs
export OSU_REQUIRE_ALL_TESTS=1  # a missing service fails the run instead of skipping anything
# Each Python process of the run (every pytest worker, and each server, worker and `osu` command a
# test starts) reads the platform, the tests and their dependencies compiled once, from here: with
# the environment's PYTHONDONTWRITEBYTECODE (containers set it) each would compile them all again.
export PYTHONPYCACHEPREFIX="$(pwd)/var/test/pycache"
unset PYTHONDONTWRITEBYTECODE

# Each pytest process's test database starts as a copy of one migrated here, beside mypy, not by
# replaying every migration itself (tests/settings.py, tests/conftest.py): seconds per process.
export OSU_TEST_TEMPLATE_SQLITE="$(pwd)/var/test/template.sqlite3"
export OSU_TEST_TEMPLATE_POSTGRES=osunited_template
migrate_templates() {
  export DJANGO_SETTINGS_MODULE=tests.settings
  rm -f "$OSU_TEST_TEMPLATE_SQLITE" "$OSU_TEST_TEMPLATE_SQLITE"-*
  # On SQLite django-oauth-toolkit's tables come from its models (tests/settings.py): --run-syncdb.
  DATABASE_URL="sqlite:///$OSU_TEST_TEMPLATE_SQLITE" $bin/python -m django migrate --run-syncdb -v 0
  "$OSU_TEST_PG_BIN/psql" -q "$OSU_TEST_POSTGRES_URL" -c "CREATE DATABASE $OSU_TEST_TEMPLATE_POSTGRES"
  DATABASE_URL="${OSU_TEST_POSTGRES_URL%/*}/$OSU_TEST_TEMPLATE_POSTGRES" $bin/python -m django migrate -v 0
}
migrate_templates > var/test/templates.log 2>&1 &
templates_pid=$!

echo "== ruff"; $bin/ruff check src tests benchmarks; $bin/ruff format --check src tests benchmarks
echo "== migrations"; DJANGO_SETTINGS_MODULE=tests.settings $bin/python -m django makemigrations --check --dry-run
# The license index is built here once, not by every worker at the same time, on the core mypy
# leaves free.
echo "== license index"
$bin/python -c 'import sys, pathlib, osunited.scanner.licenses as l; l.load_index(pathlib.Path(sys.argv[1]))' \
  "$XDG_CACHE_HOME/osunited"
echo "== mypy"; status=0; wait "$mypy_pid" || status=$?; cat var/test/mypy.log
[ "$status" -eq 0 ]
echo "== migrated test database templates"; status=0; wait "$templates_pid" || status=$?
cat var/test/templates.log
[ "$status" -eq 0 ]

# One worker per core (PYTEST_XDIST_AUTO_NUM_WORKERS=N for another count), then on their own the
# few tests marked serial, which restart a service all workers share.
run_pytest() {
  local left=var/test/serial-tests
  rm -f "$left"
  echo "+ pytest -q -n auto $*"
  $bin/pytest -q -n auto --serial-tests-to "$left" "$@"
  # The parallel run wrote the ids of the serial tests it left out (tests/every_test_runs.py):
  # the serial run collects those alone, not the whole suite again.
  [ -s "$left" ] || return 0
  mapfile -t serial < "$left"
  echo "+ pytest -q $* --serial-only -n 0 ${serial[*]}"
  $bin/pytest -q "$@" --serial-only -n 0 "${serial[@]}"
}
echo "== pytest on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test/osunited.sqlite3" run_pytest "$@"
# A test that opens no database answers the same on both: it runs once, above, and the PostgreSQL
# run takes the rest (tests/every_test_runs.py); the pure-Python engines' tests and the project's
# self-scan are not even collected again.
engines_only=(--database-tests-only --ignore=tests/scanner --ignore=tests/licenses --ignore=tests/framework
  --ignore=tests/osee --ignore=tests/strategy --ignore=tests/test_project_practises.py)
# The browser tests drive the pages through Chromium (every page in Arabic and English at two
# widths, and each role's journeys): what they find is in templates, CSS and scripts, on the
# database the embedded default runs; what the views ask of PostgreSQL, the tests without a
# browser check on it. Minutes of Chromium, run once.
engines_only+=(--ignore=tests/browser)
# The pseudo-locale run reads what every page and e-mail says, not how the database answers.
engines_only+=(--ignore=tests/platform/test_pseudo_locale.py)
echo "== pytest on PostgreSQL"
DATABASE_URL="$OSU_TEST_POSTGRES_URL" run_pytest "${engines_only[@]}" "$@"
