"""OneWindow settings: one file, driven by the environment.

SQLite (WAL) and Huey-on-SQLite by default so that `make demo` needs nothing
else; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis in production.
Any secret can also be read from a file named by `<NAME>_FILE`.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ONEWINDOW_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
if not DEBUG and SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs page from its own static files, not a CDN
    "onewindow.audit",
    "onewindow.accounts",
    "onewindow.notify",
    "onewindow.catalog",
    "onewindow.cases",
    "onewindow.licenses",
    "onewindow.trust",
    "onewindow.hall",
    "onewindow.ratings",
    "onewindow.supervision",
    "onewindow.reach",
    "onewindow.enterprise",
    "onewindow.stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onewindow.lib.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onewindow.audit.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "onewindow.urls"
WSGI_APPLICATION = "onewindow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onewindow" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "onewindow.catalog.context_processors.district",
                "onewindow.accounts.context_processors.work",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and envbool("DATABASE_PREPARE", "1"):
        # Parameters bound by the server let psycopg prepare a statement once it has run 5
        # times on a connection, and PostgreSQL then stops planning it on every call
        # (planning the 8-table join that locks a case took 4 ms, running it 0.3 ms).
        # DATABASE_PREPARE=0 behind a pooler that cannot keep prepared statements
        # (PgBouncer before 1.21 in transaction mode).
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks: Huey on SQLite by default, on Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "onewindow", "url": REDIS_URL}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "onewindow",
        "filename": str(VAR_DIR / "huey.sqlite3"),
    }
HUEY["immediate"] = envbool("HUEY_IMMEDIATE", "False")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "onewindow" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [
    BASE_DIR / "onewindow" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STATICFILES_DIRS = [
    d for d in STATICFILES_DIRS if Path(d[1] if isinstance(d, tuple) else d).is_dir()
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Notifications (onewindow.notify): the backend class per channel, by dotted path.
NOTIFY_BACKENDS = {
    "SMS": env("NOTIFY_SMS_BACKEND", "onewindow.notify.backends.ConsoleBackend"),
    "EMAIL": env("NOTIFY_EMAIL_BACKEND", "onewindow.notify.backends.ConsoleBackend"),
}

# Trust approval (onewindow.trust): reminder days before a pledge's due date, working days
# to rectify an overdue pledge, and how long a dishonest record bars trust approval.
TRUST_REMINDER_DAYS = [int(d) for d in env("TRUST_REMINDER_DAYS", "7,1").split(",") if d]
TRUST_RECTIFICATION_WORKDAYS = envint("TRUST_RECTIFICATION_WORKDAYS", 10)
TRUST_BAR_YEARS = envint("TRUST_BAR_YEARS", 2)

# E-licenses (onewindow.lib.signing): the Ed25519 key that signs, its id, older public keys
# that still verify ("kid=base64,..."); without a key, DEBUG makes a development key in VAR_DIR.
LICENSE_SIGNING_KEY = env("LICENSE_SIGNING_KEY")
LICENSE_SIGNING_KEY_ID = env("LICENSE_SIGNING_KEY_ID")
LICENSE_PUBLIC_KEYS = env("LICENSE_PUBLIC_KEYS")
LICENSE_DEV_KEY = DEBUG
LICENSE_VALIDITY_YEARS = envint("LICENSE_VALIDITY_YEARS", 5)

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "True")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
