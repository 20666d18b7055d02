"""Django settings, read from the environment.

Every setting an operator may change is an environment variable documented in docs/deploy.md.
Defaults are safe for production; `osu run` relaxes only what plain HTTP on loopback requires.
"""

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from osunited.platform.env import (
    env_bool,
    env_choice,
    env_hosts,
    env_int,
    env_list,
    env_networks,
    env_one_of,
    env_origins,
    env_url,
)

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and friends run, not only type-check

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OSU_VAR_DIR", Path.cwd() / "var")).resolve()


def load_or_create_secret_key(path: Path) -> str:
    """Read the secret key kept in var/, creating it once with owner-only permissions."""
    return _read_or_create_once(path, lambda: secrets.token_urlsafe(50))


def _read_or_create_once(path: Path, create: Callable[[], str]) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = create()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as key_file:
        key_file.write(key)
    return key


def oidc_private_key(environ_value: str, path: Path) -> str:
    """The RSA key (PEM) that signs OpenID Connect ID tokens: OSU_OIDC_PRIVATE_KEY, whose line
    breaks may be written as \\n, or else one created once in var/ with owner-only permissions."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if not environ_value.strip():
        return _read_or_create_once(path, _new_rsa_key)
    pem = environ_value.strip().replace("\\n", "\n")
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "OSU_OIDC_PRIVATE_KEY must be an unencrypted RSA private key in PEM form "
            "(-----BEGIN PRIVATE KEY----- ...)."
        ) from error
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ImproperlyConfigured("OSU_OIDC_PRIVATE_KEY must be an RSA key of 2048 bits or more.")
    return pem + "\n"


def _new_rsa_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


SECRET_KEY = os.environ.get("OSU_SECRET_KEY") or load_or_create_secret_key(VAR_DIR / "secret_key")
# Keys of the forge secrets kept encrypted (forges/vault.py): the current one first, then older
# ones (comma-separated) that stay readable.
SECRETS_KEYS = [os.environ.get("OSU_SECRETS_KEY") or SECRET_KEY] + [
    key.strip() for key in os.environ.get("OSU_SECRETS_KEY_OLD", "").split(",") if key.strip()
]
DEBUG = env_bool("OSU_DEBUG", False)
ALLOWED_HOSTS = env_hosts("OSU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_origins("OSU_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_url("OSU_SITE_URL", "http://127.0.0.1:8000", ("http", "https")).rstrip("/")

INSTALLED_APPS = [
    "osunited.platform",
    "osunited.accounts",
    "osunited.audit",
    "osunited.entities",
    "osunited.catalog",
    "osunited.assessments",
    "osunited.dashboard",
    "osunited.forges",
    "osunited.licensing",
    "osunited.learning",
    "osunited.governance",
    "osunited.policies",
    "osunited.notifications",
    "osunited.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "oauth2_provider",
]

MIDDLEWARE = [
    "osunited.platform.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "osunited.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "osunited.accounts.middleware.TwoFactorEnforcementMiddleware",
    "osunited.platform.middleware.MethodNotAllowedMiddleware",
    "osunited.platform.caching.PublicPageCacheMiddleware",  # last: it keeps the view's answer
]

ROOT_URLCONF = "osunited.platform.urls"
FORM_RENDERER = "osunited.platform.form_rendering.AddressesLeftToRight"
WSGI_APPLICATION = "osunited.platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osunited.accounts.context_processors.account_status",
                "osunited.platform.context_processors.work_waiting",
            ],
        },
    },
]


def database_settings(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The embedded mode writes from web threads and the in-process worker at once.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_settings(
        env_url(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'osunited.sqlite3'}",
            ("sqlite", "postgres", "postgresql"),
            host=False,
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(url: str) -> dict[str, object]:
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    # Files under var/: shared by the web processes and the worker of one machine.
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }


CACHES = {"default": cache_settings(env_url("OSU_CACHE_URL", "", ("redis", "rediss")))}
# How long an anonymous public page is kept at most (osunited.platform.caching); any change to
# what it shows renews it sooner. 0 turns the page cache off.
OSU_PAGE_CACHE_SECONDS = env_int("OSU_PAGE_CACHE_SECONDS", 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, and it must be verified (staff status depends on it).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "osunited.accounts.forms.PolicyAcceptanceSignupForm"
ACCOUNT_ADAPTER = "osunited.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Open Source United] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("OSU_HTTPS", True) else "http"
# Failed sign-ins: 10 a minute per client across accounts, and 5 per 5 minutes per account from
# one client (the adapter puts the client in the key), so nobody can lock an account out.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Open Source United"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# The platform as the OpenID Connect provider forges sign people in with (docs/oidc.md):
# authorization code with PKCE (S256) only; the gate and the claims are in accounts/oidc.py.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # forges.Forge links to it
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": oidc_private_key(
        os.environ.get("OSU_OIDC_PRIVATE_KEY", ""), VAR_DIR / "oidc_private_key.pem"
    ),
    "OAUTH2_VALIDATOR_CLASS": "osunited.accounts.oidc.PlatformOAuth2Validator",
    "SCOPES": {
        "openid": _("Sign you in"),
        "profile": _("Your name, your username on the forge and your roles"),
        "email": _("Your e-mail address"),
    },
    "DEFAULT_SCOPES": ["openid"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if env_bool("OSU_HTTPS", True) else ["http", "https"],
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": env_bool("OSU_HTTPS", True),
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("OSU_COMPRESS_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: SMTP in production; the console (the terminal of `osu run`) when no host is set.
EMAIL_HOST = os.environ.get("OSU_EMAIL_HOST", "")
EMAIL_PORT = env_int("OSU_EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("OSU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OSU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OSU_EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("OSU_EMAIL_FROM", "Open Source United <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: everything on unless the platform is served over plain HTTP (`osu run` on loopback).
HTTPS = env_bool("OSU_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("OSU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("OSU_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed; from any other
# peer those headers are dropped (osunited.platform.proxy), so nobody can claim HTTPS or an address.
OSU_TRUSTED_PROXY = env_networks("OSU_TRUSTED_PROXY")
if OSU_TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if env_bool("OSU_TRUST_X_FORWARDED_PROTO", False):
    raise ImproperlyConfigured(
        "OSU_TRUST_X_FORWARDED_PROTO is replaced by OSU_TRUSTED_PROXY: set it to the address of "
        "your reverse proxy (for example OSU_TRUSTED_PROXY=10.0.0.5) and remove the old variable."
    )
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Celery: an embedded file-system broker by default, so one machine needs no Redis.
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL",
    "filesystem://localhost/",
    ("filesystem", "redis", "rediss", "sentinel", "amqp", "amqps", "pyamqp", "memory"),
    host=False,
)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    # Redis hands an unacknowledged task to another worker after this long: longer than the
    # longest scan (the scanner's 30-minute deadline plus a 10-minute clone), so never twice.
    else {"visibility_timeout": 7200}
)
CELERY_RESULT_BACKEND = (
    env_url(
        "CELERY_RESULT_BACKEND",
        "",
        ("redis", "rediss", "rpc", "db+postgresql", "db+sqlite"),
        host=False,
    )
    or None
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a broker restart is waited for, never fatal
# Running scans go on through a broker restart (their leases, not the broker, say they live).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Scans hold a lease renewed while they run (docs/catalog-scans.md#leases); one whose lease
# expired is queued again at most OSU_SCAN_LOST_REQUEUES times, then marked failed.
OSU_SCAN_LEASE_SECONDS = env_int("OSU_SCAN_LEASE_SECONDS", 120, minimum=1)
OSU_SCAN_LOST_REQUEUES = env_int("OSU_SCAN_LOST_REQUEUES", 2)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_one_of("OSU_LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Platform policy
OSU_MFA_EXCEPTION_MAX_DAYS = env_int("OSU_MFA_EXCEPTION_MAX_DAYS", 180, minimum=1)
OSU_HEARTBEAT_SECONDS = env_int("OSU_HEARTBEAT_SECONDS", 60, minimum=1)
# The bearer token of /metrics (OpenMetrics for operators); unset, the endpoint is off (404).
OSU_METRICS_TOKEN = os.environ.get("OSU_METRICS_TOKEN", "")

# Catalog (CPF 4.3)
OSU_CATALOG_CONFIRMATION_MONTHS = env_int("OSU_CATALOG_CONFIRMATION_MONTHS", 12, minimum=1)
OSU_CATALOG_SUNSET_GRACE_DAYS = env_int("OSU_CATALOG_SUNSET_GRACE_DAYS", 90)
# The platform admins' setting (catalog.CommitteeSettings) replaces it once they set one.
OSU_CATALOG_REQUIRED_APPROVALS = env_choice("OSU_CATALOG_REQUIRED_APPROVALS", 1, (1, 2))
OSU_CATALOG_FEEDBACK_PER_HOUR = env_int("OSU_CATALOG_FEEDBACK_PER_HOUR", 5, minimum=1)
# Hosts of internal forges the platform may clone although they are not public (the SSRF guard).
OSU_SCAN_ALLOWED_HOSTS = env_list("OSU_SCAN_ALLOWED_HOSTS", "")
# Directories whose git repositories may be registered as file:// URLs (demo data, tests).
OSU_SCAN_LOCAL_ROOTS = env_list("OSU_SCAN_LOCAL_ROOTS", str(VAR_DIR / "demo-repos"))
# An `osu vulndb` file; by default VAR_DIR/osv.sqlite3 once it exists (`osu run --demo` imports
# the shipped OSV snapshot there). Without one, scans say vulnerabilities were not measured.
_VAR_VULNDB = VAR_DIR / "osv.sqlite3"
OSU_SCAN_VULNDB = os.environ.get("OSU_SCAN_VULNDB") or (
    str(_VAR_VULNDB) if _VAR_VULNDB.is_file() else ""
)
