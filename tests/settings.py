"""Settings for the test suite: the production settings with test-only speed-ups."""

import atexit
import os
import shutil
import sys
from pathlib import Path

TEST_VAR_DIR = Path(__file__).resolve().parent.parent / "var" / "test"
os.environ.setdefault("OSU_VAR_DIR", str(TEST_VAR_DIR))
os.environ.setdefault("OSU_HTTPS", "0")
os.environ.setdefault("OSU_COMPRESS_STATIC", "0")

from osunited.platform.settings import *  # noqa: E402,F403
from osunited.platform.settings import CACHES, DATABASES, STATIC_ROOT  # noqa: E402

Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A file, not memory, so that a separate Celery worker process can open the same test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test process, so that parallel runs do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}

# `make test` migrates one database of each kind before the run (scripts/test.sh), and each
# pytest process's test database starts as a copy of it instead of replaying every migration:
# PostgreSQL copies it itself (CREATE DATABASE ... TEMPLATE), a SQLite file is copied by
# tests/conftest.py. tests.test_database's flush resets the database after a transactional test.
INSTALLED_APPS = ["tests.test_database", *INSTALLED_APPS]  # noqa: F405
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and os.environ.get(
    "OSU_TEST_TEMPLATE_POSTGRES"
):
    DATABASES["default"]["TEST"] = {"TEMPLATE": os.environ["OSU_TEST_TEMPLATE_POSTGRES"]}

# The test process (with its live server's threads) keeps its cache in memory: every test empties
# it, and every saved project or entity writes to it, cheap in memory and a file each on disk.
# A server or worker a test starts keeps a cache folder of its own (its processes share it), so
# that kept pages and sign-in counters never leak between runs or into another run at the same time.
if "pytest" in sys.modules and str(CACHES["default"]["BACKEND"]).endswith("FileBasedCache"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "osunited-tests",
        "OPTIONS": CACHES["default"].get("OPTIONS", {}),
    }
elif str(CACHES["default"]["BACKEND"]).endswith("FileBasedCache"):
    _CACHE_DIR = TEST_VAR_DIR / "caches" / str(os.getpid())
    CACHES["default"]["LOCATION"] = str(_CACHE_DIR)
    atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)

# On SQLite the test databases get django-oauth-toolkit's tables from its models, not by replaying
# its 21 migrations, which rebuild its tables again and again (10 s of each worker's 30). SQLite
# checks no foreign key while it creates them; PostgreSQL would refuse the ones to accounts_user,
# created later by a migration, so there they run. `osu run` (tests/cli/test_run.py) runs them all.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    MIGRATION_MODULES = {"oauth2_provider": None}
