"""The Docker image (no engine runs here, so the files are read): `COPY . .` takes nothing private, local
or generated (.dockerignore: secrets, buyers' photos, backups, the page cache, databases, the developer's
environment), and the image can make backups (pg_dump of the compose database's major version, a
BACKUP_DIR its user may write). The compose file will not start with a public signing key."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from config import settings as project

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _pattern(rule: str) -> re.Pattern:
    """A .dockerignore rule as Docker reads it: `*` within a folder, `**` across folders."""
    out, i = "", 0
    while i < len(rule):
        if rule.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif rule.startswith("**", i):
            out, i = out + ".*", i + 2
        elif rule[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif rule[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(rule[i]), i + 1
    return re.compile(out)


RULES = [
    (line.startswith("!"), _pattern(line.lstrip("!").strip("/")))
    for line in (ROOT / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def ignored(path: str) -> bool:
    """Whether `COPY . .` leaves the path out: it, or a folder above it, matches (the last rule wins)."""
    parts = path.split("/")
    verdict = False
    for negated, pattern in RULES:
        if any(pattern.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            verdict = not negated
    return verdict


def in_project(path) -> str:
    return str(Path(path).resolve().relative_to(ROOT.resolve()))


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        "db.sqlite3",
        "db.sqlite3-wal",
        "media/original_images/keo-dua.jpg",
        "private-media/copyreports/photo.jpg",
        ".private-media/copyreports/photo.jpg",
        "backups/ocop-20261129-020000.db.psql.bin",
        "var/page-cache/abc.djcache",
        "node_modules/axe-core/axe.js",
        ".venv/bin/python",
        ".venv/test-databases/migrated.sqlite3",
        "staticfiles/css/site.css",
        "catalogue/__pycache__/models.cpython-313.pyc",
        ".pytest_cache/v/cache/lastfailed",
        ".hypothesis/examples/x",
        "test-results/trace.zip",
        "bench/results/ratios.json",
        ".git/config",
        "tests/conftest.py",  # what only developers run
        "bench/__main__.py",
    ],
)
def test_the_image_takes_no_secret_buyers_data_backup_cache_or_local_database(path):
    assert ignored(path), path


def test_every_folder_the_settings_write_to_in_the_project_is_left_out_of_the_image():
    """As config/settings.py has them (tests move some elsewhere), where they are inside the project."""
    written = [
        project.MEDIA_ROOT,
        project.PRIVATE_MEDIA_ROOT,
        project.BACKUP_DIR,
        project.WORKER_HEARTBEAT_FILE,
        project.CACHES["pages"].get("LOCATION", ROOT / "var" / "page-cache"),  # PAGE_CACHE_DIR
        project.BASE_DIR / "db.sqlite3",
    ]
    folders = [path for path in written if "://" not in str(path)]  # the page cache may be in Redis
    inside = [Path(path) for path in folders if Path(path).resolve().is_relative_to(ROOT.resolve())]
    for path in inside:
        assert ignored(in_project(path / "a-file")), path


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "requirements-runtime.lock",
        "config/settings.py",
        "static/css/site.css",
        "templates/base.html",
        "deploy/varnish/default.vcl",
        "locale/vi/LC_MESSAGES/django.mo",
        "demo/images/keo-dua.png",
    ],
)
def test_the_code_goes_in(path):
    assert not ignored(path), path


def test_the_image_has_pg_dump_of_the_compose_databases_major_version():
    major = COMPOSE["services"]["db"]["image"].split(":")[1].split(".")[0]
    assert re.search(rf"^ARG POSTGRES_MAJOR={major}$", DOCKERFILE, re.MULTILINE)
    assert '"postgresql-client-${POSTGRES_MAJOR}"' in DOCKERFILE


def test_the_app_user_may_write_backups_and_var():
    setup = DOCKERFILE[DOCKERFILE.index("COPY . .") : DOCKERFILE.index("USER shop")]
    assert "mkdir -p /app/media /app/private-media /app/backups /app/var" in setup
    assert "chown -R shop /app/media /app/private-media /app/backups /app/var" in setup
    for name in ("init", "web", "worker", "search-index"):
        assert "backups:/app/backups" in COMPOSE["services"][name]["volumes"]


def test_compose_will_not_start_without_a_secret_key_of_the_operators():
    key = COMPOSE["x-app"]["environment"]["DJANGO_SECRET_KEY"]
    assert key.startswith("${DJANGO_SECRET_KEY:?")  # compose stops, with this message, when it is unset
    assert "change-me" not in (ROOT / "docker-compose.yml").read_text()


def test_every_file_the_repository_holds_goes_in_but_the_tests_and_benchmarks():
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(  # noqa: S603
        [git, "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert [path for path in files if ignored(path) and not path.startswith(("tests/", "bench/"))] == []


def _pins(lock: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / lock).read_text(), re.MULTILINE))


def test_the_image_installs_the_runtime_lock_without_the_dev_and_test_stack():
    assert "RUN pip install --no-cache-dir --no-deps -r requirements-runtime.lock" in DOCKERFILE
    assert "-r requirements.lock" not in DOCKERFILE
    runtime = _pins("requirements-runtime.lock")
    dev_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"][
        "dev"
    ]
    needed_at_run_time = {"freezegun"}  # rq-scheduler's own dependency, the worker's schedule
    for requirement in dev_extra:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group().lower()
        assert name in needed_at_run_time or name not in runtime, name
    for name in ("django", "wagtail", "gunicorn", "psycopg", "django-storages", "whitenoise"):
        assert name in runtime, name


def test_the_runtime_lock_holds_the_same_versions_as_the_development_lock():
    """Compiled by the same command as requirements.lock, constrained by it (README, Layout)."""
    development, runtime = _pins("requirements.lock"), _pins("requirements-runtime.lock")
    assert {name: version for name, version in runtime.items() if development.get(name) != version} == {}
    command = (ROOT / "requirements-runtime.lock").read_text().splitlines()[1].strip("# ")
    assert command == (
        "uv pip compile pyproject.toml --python-version 3.13 --override lock-overrides.txt "
        "--constraint requirements.lock -o requirements-runtime.lock"
    )
    assert f"`{command}`" in (ROOT / "README.md").read_text()
