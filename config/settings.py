"""Settings of the OCOP storefront: one module, every knob read from the environment.

Unset variables (or set to nothing) give the embedded defaults (SQLite, database search, local-memory cache,
cash on delivery) so that `make run` needs nothing but Python. See the README's settings table.
"""

import datetime
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.environment import Environment, with_socket_timeouts
from ops import logs

BASE_DIR = Path(__file__).resolve().parent.parent

env = Environment()
if (BASE_DIR / ".env").exists():
    Environment.read_env(BASE_DIR / ".env")

# --- Core ------------------------------------------------------------------------------------------
# The development key only ever serves on a developer's machine; production sets DJANGO_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-set-DJANGO_SECRET_KEY-in-production"  # noqa: S105
SECRET_KEY = env.secret("DJANGO_SECRET_KEY", development_default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A developer's machine (`make run`: the development key, or DEBUG on), where what the README publishes
# (the demo accounts' password) may be used; anything else is a deployment.
DEVELOPMENT = DEBUG or SECRET_KEY == DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
# The one public origin: the Wagtail Site follows it after every migrate (catalogue/origin.py), so
# sitemap, JSON-LD, redirects, linksets, emails and QR codes agree. `PORT=8123 make run` needs no more.
PORT = env.int("PORT", default=8000, minimum=1, maximum=65535)
SITE_URL = env.origin("SITE_URL", default=f"http://127.0.0.1:{PORT}")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# A form refused for its missing token: the site's own page in Vietnamese, not Django's English one.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

INSTALLED_APPS = [
    "places",
    "catalogue",
    "traceability",
    "search",
    "storefront",
    "cms",
    "demo",
    "pagecache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "phonenumber_field",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "dbbackup",
]
# --- Operations (H8b): background tasks, health, metrics ---------------------------------------------
INSTALLED_APPS += ["ops", "django_tasks_db", "django_prometheus"]

MIDDLEWARE = [
    # Operations (H8b): metrics around everything, a request id on every log line, /health/ answered
    # before host checks and HTTPS redirects (load balancers probe by IP over plain HTTP).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "ops.middleware.HeadWithoutBodyMiddleware",  # outside every other layer: a HEAD gets the GET's headers
    # The client's address behind TRUSTED_PROXIES (Varnish), before anything reads REMOTE_ADDR.
    "ops.proxies.TrustedProxyMiddleware",
    "ops.middleware.RequestIdMiddleware",
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.csp.SiteContentSecurityPolicyMiddleware",
    # HTML (and static files read from the finders) compressed on the way out; collected static files are
    # served pre-compressed (.br/.gz) by WhiteNoise. Django's GZip adds random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.ChosenLanguageMiddleware",
    "config.form_charset.FormCharsetMiddleware",  # a post Django will not read: one 400, before any layer reads it
    "config.search_length.SearchLengthMiddleware",  # a pasted description searched by its first 200 characters
    "django.middleware.common.CommonMiddleware",
    "config.errors.DeclaredMethodsMiddleware",  # a method the view does not take: 405, not "session expired"
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.errors.MethodNotAllowedPageMiddleware",  # unknown methods refused; a 405 is a page
    "storefront.middleware.CartCountCookieMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.QueryKeepingRedirectMiddleware",  # Wagtail's redirects, keeping ?lang=en and utm tags
    "config.admin_input.AdminInputMiddleware",  # what Wagtail cannot read: 400, not 500
    "ops.middleware.MediaStoreDownMiddleware",  # an upload the media store cannot take: 503, not 500
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # Operations (H8b): last, pairs with Before
    "pagecache.middleware.PageCacheMiddleware",  # last: it stores what every other layer produced
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
                "storefront.context_processors.cart",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------------
# SQLite runs in WAL mode with a busy timeout and immediate write transactions, so that concurrent
# shoppers and scanners wait briefly for the write lock instead of failing with "database is locked".
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    # Keep each thread's connection between requests: opening SQLite and running the PRAGMAs above
    # costs every request that reads the database otherwise.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600, minimum=0))
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME", default=None)}
else:
    # Wagtail's PostgreSQL search index uses SearchVectorField and GIN indexes from contrib.postgres.
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60, minimum=0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A PostgreSQL that does not answer (hung, unreachable) costs a connection this many seconds, then
    # the request gets the 503 page (ops/database.py); without it libpq waits for ever.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5, minimum=1)
    )
# Seconds a statement of a web request may run on PostgreSQL (a query stuck on a lock frees its thread
# and the buyer gets the 503 page); management commands are not limited (ops/database.py). 0: no limit.
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=15.0, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ----------------------------------------------------------------------------
REDIS_URL = env.redis_url("REDIS_URL")
# Seconds a connection to Redis waits to connect or for an answer (the cache's and the task queue's),
# and how long Redis, once found down, is left alone by both before it is tried again.
REDIS_SOCKET_TIMEOUT = 0.5
REDIS_DOWN_RETRY_SECONDS = env.float("REDIS_DOWN_RETRY_SECONDS", default=5.0, minimum=0.1)
if REDIS_URL:
    # Redis down: cache misses and database sessions, logged once (config/cache.py); short timeouts so
    # a hung Redis costs a request half a second at most, once per DOWN_RETRY_SECONDS.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="ocop"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "DOWN_RETRY_SECONDS": REDIS_DOWN_RETRY_SECONDS,
            },
        }
    }
    # Sessions (carts) are written to the database and read from Redis: a Redis restart keeps them.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ocop"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Search ----------------------------------------------------------------------------------------
ELASTICSEARCH_URL = env.service_url("ELASTICSEARCH_URL", ("http", "https"))
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="ocop-products")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0, minimum=0.1)
# Product search engines, first choice first; the database engine is always last (the fallback).
SEARCH_ENGINES = [
    *(["search.engines.elasticsearch.ElasticsearchEngine"] if ELASTICSEARCH_URL else []),
    "search.engines.database.DatabaseEngine",
]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "config.wagtail_search"}}  # the database backend, see there

# --- Payments --------------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env.stripe_key("STRIPE_SECRET_KEY", ("sk_", "rk_"), "a secret or restricted key")
STRIPE_PUBLISHABLE_KEY = env.stripe_key("STRIPE_PUBLISHABLE_KEY", ("pk_",), "a publishable key")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # unset: Stripe itself; e.g. localstripe's URL
# Seconds a call to Stripe may take before the order page says the card gateway is not connected
# (the buyer waits for it: the page asks Stripe for the PaymentIntent).
STRIPE_TIMEOUT = env.float("STRIPE_TIMEOUT", default=5.0, minimum=0.1)
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="")
VIETQR_ACCOUNT = env("VIETQR_ACCOUNT", default="")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="")
# Checkout offers the enabled ones, in this order (cash on delivery is always on).
PAYMENT_PROVIDERS = [
    "storefront.payments.cod.CashOnDelivery",
    "storefront.payments.vietqr.VietQR",
    "storefront.payments.stripe.StripeCard",
]

# --- Email -----------------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587; unset: emails are printed to the console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    _email["EMAIL_BACKEND"] = "ops.mail.ReadableConsoleBackend"  # subjects and bodies decoded
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OCOP Việt <cuahang@ocop.example>")

# --- Languages, time, money ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The admin's account settings offer what the project's own screens are translated into, not the ~25
# languages Wagtail speaks: a French admin would be half Vietnamese.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy everywhere, the admin included (Django's "vi" formats spell dates out in words).
FORMAT_MODULE_PATH = ["config.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# The upgrade notice is English-only (hard-coded in Wagtail's template) and calls out to the network.
WAGTAIL_ENABLE_UPDATE_CHECK = False
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DB_FORMAT = "E164"
# Form inputs show a Vietnamese number as typed here (0912 345 678: phonenumber_field's regional
# widget) and any other in international form (+1 202-555-0100), which reads back as the same number;
# a foreign number in national form ("(202) 555-0100") would be read as Vietnamese and refused on the
# next save. Pages show phones through catalogue.phone, never str().
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# --- Static and media ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# The embedded deployment serves static files through WhiteNoise straight from the finders, so no
# collectstatic step is needed; production runs collectstatic and sets STATIC_COLLECTED=1.
STATIC_COLLECTED = env.bool("STATIC_COLLECTED", default=False)
STATIC_ROOT = BASE_DIR / "staticfiles" if STATIC_COLLECTED else None
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "config.static.CollectedStaticFiles"  # WhiteNoise's, saying to run collectstatic when one is missing
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Files only some admin users may see (buyers' photos of copied labels, see ops/private_media.py):
# outside MEDIA_ROOT, so nothing that serves /media/ can hand them out.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
# `manage.py backup` / `restore` (cms/backups.py): where the files go and how many are kept.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14, minimum=0)  # 0: keep every backup
# django-dbbackup's database connectors do the dumps; the media folder is archived by our command.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
# Behind a real web server, media is served by it; the embedded deployment serves it from Django.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# --- Wagtail ---------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "OCOP Việt"
WAGTAILADMIN_BASE_URL = SITE_URL
# The sign-in form with our own Vietnamese for the password label and the wrong-password message.
WAGTAILADMIN_USER_LOGIN_FORM = "config.admin_login.VietnameseLoginForm"
# Editors' avatars: Wagtail's default picture (or one they upload), never a request to gravatar.com
# carrying a hash of each editor's email (whose plain-http address the admin's policy refuses anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The time zones an editor may pick on their account screen: Wagtail offers every name the system's
# tz database has, and Debian's has "localtime" (a link to the machine's zone), which no browser
# knows: the screen's script that labels the choices failed on it.
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Uploads refuse a file cut short with a field error, take iPhones' HEIC, and shrink huge originals to
# 4096 px on the long side (catalogue/photos.py). HEIC is served as JPEG (browsers other than Safari
# cannot show it); the storefront's own renditions ask for WebP.
WAGTAILIMAGES_IMAGE_FORM_BASE = "catalogue.photos.PhotoForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "heic", "heif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg"}
# The worker draws a page's renditions once it is published (or a picture it shows changes), so that
# its first visitor does not wait for them (cms/renditions.py); the tests switch it on where they test it.
DRAW_RENDITIONS_AHEAD = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
# Documents are streamed by Wagtail's document view, which checks their collection's privacy, from
# disk and from object storage alike (Wagtail's default redirected to the bucket's public address);
# /media/documents/ is never served (config/media.py) and the bucket policy leaves documents/ out.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Where a restricted document sends its reader to sign in: the shop's layout, not Wagtail's bare form.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "cms/sign_in.html"
# After signing in there without a page to go back to: the admin for staff, else home (config/auth.py).
LOGIN_REDIRECT_URL = "signed_in"
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security (production values come from the environment; `check --deploy` passes with them) -----
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows the page in a same-origin frame, so DENY would break editing.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Content Security Policy (Django's own): no 'unsafe-inline' on storefront pages; inline scripts and
# styles carry the request's nonce ({{ csp_nonce }}). Stripe's card form loads from js.stripe.com.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, "https://js.stripe.com"],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF, "https://api.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin runs its own inline scripts and styles (config/csp.py picks this one there).
SECURE_CSP_ADMIN = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, "https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

# Login throttling on /admin/login/ (django-axes): 5 failures for a username from one address lock it
# for 15 minutes, with a page that says so in Vietnamese. Logins without a request (tests, shells)
# are not throttled (config/auth.py).
AUTHENTICATION_BACKENDS = [
    "config.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/login_locked.html"
AXES_VERBOSE = False
# The client's address as ops.proxies decided it (behind TRUSTED_PROXIES), named rather than left to
# axes' fallback: were django-ipware ever installed, axes would read X-Forwarded-For from anyone.
AXES_CLIENT_IP_CALLABLE = "ops.proxies.address_for_axes"

# Reverse proxies (Varnish) whose X-Forwarded-For is believed: addresses or networks. Behind them the
# client is the rightmost forwarded address that is not itself a proxy (ops/proxies.py), for rate
# limits, the login lockout and /metrics alike. Unset: nothing is trusted, the peer is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Rate limits per client address (catalogue/ratelimit.py): requests per minute, then a 429 page.
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {"cart": 60, "checkout": 10, "suggest": 120}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_LEVEL = env.choice("LOG_LEVEL", LOG_LEVELS, default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Orders placed and index swaps: a few lines a day, kept whatever LOG_LEVEL says.
        "search": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "storefront": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Every task's RUNNING/SUCCESSFUL (thousands while the demo loads): Django's defaults put the
        # "django" loggers at INFO, past the root's level, so LOG_LEVEL is set here too.
        "django.tasks": {"level": LOG_LEVEL},
    },
}

# Elasticsearch down: the search service says so (once a minute) as it falls back to the database;
# the client's own line for each failed try ("Node … has failed for 3 times in a row") said it again
# on every search.
LOGGING["loggers"]["elastic_transport.node_pool"] = {"level": "ERROR"}

# --- Page cache and Varnish (pagecache/, README "Page cache") ---------------------------------------
# Public pages are stored per host, language, path and query in the "pages" cache and purged after
# commit by whatever changes them. PAGE_CACHE_SECONDS=0 turns the page cache off (the bench's
# "uncached" runs). The "pages" cache must be shared by every process: Redis when REDIS_URL is set,
# else files on local disk (one machine; `make run`'s single process could use memory, the bench's
# two workers cannot).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600, minimum=0)
PAGE_CACHE_ALIAS = "pages"
# The query parameters cached pages read; an entry's key holds these alone (pagecache.middleware.key_query).
# A cached page that starts reading another must add it here, or every variant would get the first one's page.
PAGE_CACHE_QUERY_PARAMETERS = frozenset(
    {
        "lang",  # cms.middleware: ?lang=en
        "page",  # listings (catalogue.models.paginate_cards) and search
        "p",  # the sitemap's pages (Django's sitemap view)
        "province",  # the stores nearest a province (catalogue.stores.chosen_province), search
        # a product page a scan walked up to (traceability_tags.scan_walk_up, traceability.gs1)
        *("unknown_lot", "unknown_serial", "gtin"),
        # search.query.parse_query
        *("q", "stars", "category", "producer_type", "price_min", "price_max", "in_stock", "sort"),
    }
)
CACHES["pages"] = (
    {
        **CACHES["default"],
        "KEY_PREFIX": f"{CACHES['default'].get('KEY_PREFIX', 'ocop')}:pages",
        "OPTIONS": {**CACHES["default"]["OPTIONS"], "FORGET_ALL_AFTER_OUTAGE": True},
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(env.folder("PAGE_CACHE_DIR", default=str(BASE_DIR / "var" / "page-cache"))),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
)
# Drawn QR codes of serialised labels (traceability.qr.inline_svgs): a code's drawing never changes, and
# drawing one takes ~12 ms, so a sheet of 300 labels opened again draws none. Apart from "default" so
# that thousands of drawings never push the scan counts out of a local-memory cache.
CACHES["qr"] = (
    {
        **CACHES["default"],
        "KEY_PREFIX": f"{CACHES['default'].get('KEY_PREFIX', 'ocop')}:qr",
        "TIMEOUT": 30 * 86400,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qr",
        "TIMEOUT": 30 * 86400,
        "OPTIONS": {"MAX_ENTRIES": 5_000},  # ~2.5 KB each: a dozen pages of labels, ~12 MB a process
    }
)
# Messages travel in a cookie, so a visitor with one pending skips the page cache without the
# session being read for everyone else.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# Varnish (or any HTTP cache that accepts PURGE/BAN) in front: purges go there too, through Wagtail's
# frontend cache invalidation. The VCL is deploy/varnish/default.vcl.
FRONTEND_CACHE_URL = env.service_url("FRONTEND_CACHE_URL", ("http", "https"))
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "pagecache.frontend.VarnishBackend",
            "LOCATION": FRONTEND_CACHE_URL,
            # Purges run in the request that made the change: a Varnish that hangs costs it this much.
            "TIMEOUT": env.float("FRONTEND_CACHE_TIMEOUT", default=2.0, minimum=0.1),
        }
    }

OCOP_CERTIFICATE_MONTHS = 36
# The demo accounts' password: the one the README prints, which `load_demo` refuses outside a
# developer's machine (demo/loader.py), so a deployment sets its own or loads no accounts.
DEMO_PUBLISHED_PASSWORD = "ocop-demo-2026"  # noqa: S105 (published on purpose, for `make run`)
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default=DEMO_PUBLISHED_PASSWORD)

# === Operations (H8b): background tasks, schedule, health, metrics, logs, object storage ============
# --- Background tasks (django.tasks) ---------------------------------------------------------------
# Our own slow or failure-prone work (emails, index updates, scan flushes, expiries, reminders) goes to
# the "background" backend: the database (django-tasks-db, `manage.py run_worker`) by default, RQ on
# Redis when REDIS_URL is set. "default" stays immediate: Wagtail's own tasks (its search and reference
# indexes) are django-tasks backport Task objects, which the database worker refuses to load
# (SuspiciousOperation "does not point to a Task"), so they keep running in the request as before.
TASKS_BACKEND = env.choice(
    "TASKS_BACKEND", ("database", "rq", "immediate"), default="rq" if REDIS_URL else "database"
)
if TASKS_BACKEND == "rq" and not REDIS_URL:  # RQ's queue lives in Redis: there is no Redis to guess
    raise ImproperlyConfigured(
        "TASKS_BACKEND=rq needs REDIS_URL (the queue lives in Redis), e.g. redis://127.0.0.1:6379/0"
    )
_background_backends = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    # RQ that leaves Redis alone while the cache or the queue has found it down (ops/rq_backend.py).
    "rq": {"BACKEND": "ops.rq_backend.GuardedRQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": _background_backends[TASKS_BACKEND],
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # The cache's short timeouts: a hung Redis holds an enqueuing request half a second, not 5 s (the
    # worker lengthens its own connection's read timeout for RQ's blocking wait for jobs).
    RQ_QUEUES = {
        "default": {"URL": with_socket_timeouts(REDIS_URL, REDIS_SOCKET_TIMEOUT), "DEFAULT_TIMEOUT": 300}
    }
# A failing task is tried TASK_MAX_ATTEMPTS times in all, waiting TASK_RETRY_SECONDS × 2^(attempt-1)
# between tries (1, 2, 4, 8 … minutes), then stays failed in the queue for staff to see and re-run.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=6, minimum=1)
TASK_RETRY_SECONDS = env.int("TASK_RETRY_SECONDS", default=60, minimum=1)
# What `run_worker` (and `run_scheduler`) enqueue on a clock: task path → every N seconds. Slots are
# claimed in the cache, so with Redis several schedulers still enqueue each slot once.
TASK_SCHEDULE = {
    "traceability.tasks.flush_scans": 60,
    "storefront.tasks.expire_orders": 300,
    "traceability.tasks.remind_expiring_certificates": 86_400,
    "traceability.tasks.announce_notices_in_force": 600,
    "traceability.tasks.send_unsent_copy_reports": 300,
    "storefront.tasks.send_unsent_order_emails": 300,
    "cms.tasks.publish_scheduled_pages": 60,
}
# The scheduler's heartbeat for `manage.py worker_health` when the cache is this process's own memory
# (no REDIS_URL): a file every process on the machine reads.
WORKER_HEARTBEAT_FILE = Path(env("WORKER_HEARTBEAT_FILE", default=str(BASE_DIR / "var" / "worker-heartbeat")))
# Who hears of certificates that run out (30 and 7 days before); unset: active superusers.
CERTIFICATE_REMINDER_EMAILS = env.list("CERTIFICATE_REMINDER_EMAILS", default=[])
CERTIFICATE_REMINDER_DAYS = [30, 7]

# --- Metrics ----------------------------------------------------------------------------------------
# Prometheus metrics at /metrics for the addresses listed (scrapers); everyone else gets a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

# --- Structured logs ---------------------------------------------------------------------------------
# LOG_FORMAT=json (default) writes one JSON object per line with the request id; `text` for humans.
LOG_FORMAT = env.choice("LOG_FORMAT", logs.LOG_FORMATS, default="json")
LOGGING["filters"] = {
    "request_id": {"()": "ops.logs.RequestIdFilter"},
    "as_warning_without_traceback": {"()": "ops.logs.AsWarningWithoutTraceback"},
}
LOGGING["formatters"] = logs.FORMATTERS  # gunicorn's own lines too (gunicorn.conf.py)
LOGGING["handlers"]["console"].update(formatter=LOG_FORMAT, filters=["request_id"])
# The scheduler's "enqueued" line every minute follows LOG_LEVEL, as the root does.
LOGGING["loggers"]["ops"] = {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}
# RQ's worker and scheduler (REDIS_URL) set their loggers to INFO themselves (django-rq's rqworker, from
# its verbosity), so their "Listening on…", "Job OK" lines passed the root's level: a handler of their
# own drops what is below LOG_LEVEL whatever level their loggers were given.
LOGGING["handlers"]["rq"] = {**LOGGING["handlers"]["console"], "level": LOG_LEVEL}
LOGGING["loggers"]["rq"] = {"handlers": ["rq"], "level": LOG_LEVEL, "propagate": False}
# A request with a Host not in ALLOWED_HOSTS still gets its 400, logged as a WARNING line: Django logs
# it at ERROR with a traceback, and internet scanners send such requests all the time.
LOGGING["loggers"]["django.security.DisallowedHost"] = {"filters": ["as_warning_without_traceback"]}
# A request the database could not serve (a 503 page): one warning line a minute while the outage
# lasts, not a traceback per request.
LOGGING["filters"]["database_outage_once"] = {"()": "ops.database.OutageOnce"}
LOGGING["loggers"]["django.request"] = {
    "filters": ["database_outage_once", "unreadable_body_without_traceback"]
}
# A POST whose body Django will not read (multipart without a boundary, past DATA_UPLOAD_MAX_MEMORY_SIZE,
# too many fields or files) gets its 400 in one WARNING line: Django logs it with a traceback (the oversize
# body at ERROR), which anyone could otherwise write into the log with one request.
LOGGING["filters"]["unreadable_body_without_traceback"] = {"()": "ops.logs.UnreadableBodyWithoutTraceback"}
for refused_body in ("RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent"):
    LOGGING["loggers"][f"django.security.{refused_body}"] = {"filters": ["as_warning_without_traceback"]}

# --- Object storage for media (S3-compatible) ------------------------------------------------------


def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# With a bucket, uploads and image renditions live in object storage, so any app server can serve any
# page. The bucket must let the public read media (not AWS_LOCATION/documents/, streamed by the site
# after its privacy check), or set AWS_QUERYSTRING_AUTH=1 for signed links.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # e.g. MinIO, Ceph, R2; a host without its scheme is refused here, not at the first picture (a 500)
    AWS_S3_ENDPOINT_URL = env.service_url("AWS_S3_ENDPOINT_URL", ("http", "https")) or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)  # a CDN in front of the bucket
    AWS_LOCATION = env("AWS_LOCATION", default="media")
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    # Pages load the pictures from the store's own origin (the CDN's, or the endpoint's; AWS's own are
    # https, which img-src allows anyway): an http one (a MinIO on the local network) is allowed by name,
    # as is no other http origin. Every product photo was blocked by the policy and showed empty.
    MEDIA_ORIGIN = _origin(f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL)
    if MEDIA_ORIGIN:
        for _policy in (SECURE_CSP, SECURE_CSP_ADMIN):
            _policy["img-src"].append(MEDIA_ORIGIN)
    # django-storages' S3 storage, failing quickly and as an OSError when the store is down (see there).
    STORAGES["default"] = {"BACKEND": "ops.media_storage.ObjectStorage"}
    # Private files: a prefix (or a bucket) the public-read policy must not cover, private ACL, signed
    # links only (the admin streams them; nothing links to the store directly).
    STORAGES["private"] = {
        "BACKEND": "ops.media_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
            "location": env("AWS_PRIVATE_LOCATION", default="private"),
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
        },
    }
    SERVE_MEDIA = False
