"""docker-compose.yml: valid against the Compose Specification's JSON schema, and shaped so that
`docker compose up` alone brings a working site (no Docker engine runs here, so the file is checked)."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

from ops.proxies import client_behind

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "deploy" / "compose-spec.schema.json").read_text())
LONG_RUNNING = {"db", "redis", "elasticsearch", "web", "worker", "varnish"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def errors(document) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_file_follows_the_compose_specification(compose):
    assert errors(compose) == []


def test_the_schema_check_catches_a_broken_file(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["depends_on"]["init"]["condition"] = "service_finished"
    broken["services"]["worker"]["healthcheck"]["intervall"] = "30s"
    assert len(errors(broken)) == 2


def test_every_part_of_the_stack_is_a_service(compose):
    assert set(compose["services"]) == LONG_RUNNING | {"init", "search-index"}


def test_init_migrates_loads_the_demo_and_builds_the_search_index_before_web_and_worker(compose):
    init = compose["services"]["init"]
    script = " ".join(init["command"])
    steps = ["migrate --no-input", "load_demo", "load_demo_lots", "search_reindex --engine database"]
    assert [script.index(step) for step in steps] == sorted(script.index(step) for step in steps)
    for name in ("web", "worker", "search-index"):
        assert compose["services"][name]["depends_on"]["init"] == {
            "condition": "service_completed_successfully"
        }
    commands = get_commands()
    assert {"migrate", "load_demo", "load_demo_lots", "search_reindex", "run_worker", "worker_health"} <= set(
        commands
    )


def test_the_web_service_does_not_wait_on_elasticsearch(compose):
    def waits_on(name, seen=()):
        deps = set(compose["services"][name].get("depends_on", {}))
        return deps | {d for dep in deps if dep not in seen for d in waits_on(dep, (*seen, name))}

    assert "elasticsearch" not in waits_on("web")
    assert "elasticsearch" not in waits_on("worker")
    assert compose["services"]["search-index"]["depends_on"]["elasticsearch"] == {
        "condition": "service_healthy"
    }


def test_search_index_runs_again_until_elasticsearch_is_filled(compose):
    """`search_reindex --engine elasticsearch` exits non-zero while Elasticsearch does not answer
    (tests/search/test_reindex_command.py): `on-failure` then starts it again."""
    service = compose["services"]["search-index"]
    assert service["command"] == ["python", "manage.py", "search_reindex", "--engine", "elasticsearch"]
    assert service["restart"] == "on-failure"


def test_every_long_running_service_has_a_healthcheck(compose):
    for name in LONG_RUNNING:
        assert compose["services"][name]["healthcheck"]["test"], name
    web_probe = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "/health/" in web_probe
    assert compose["services"]["worker"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "manage.py",
        "worker_health",
    ]


def test_app_services_share_postgres_redis_and_media(compose):
    for name in ("init", "web", "worker", "search-index"):
        service = compose["services"][name]
        assert service["build"] == "."
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://ocop:${POSTGRES_PASSWORD:-ocop}@db:5432/")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert "media:/app/media" in service["volumes"]
    assert compose["services"]["worker"]["command"] == ["python", "manage.py", "run_worker"]
    assert (ROOT / "Dockerfile").exists()


def test_varnish_serves_the_repository_vcl_in_front_of_web(compose):
    varnish = compose["services"]["varnish"]
    assert "./deploy/varnish:/etc/varnish/ocop:ro" in varnish["volumes"]
    command = varnish["command"]
    vcl = command[command.index("-f") + 1]
    assert vcl == "/etc/varnish/ocop/compose.vcl"
    assert (ROOT / "deploy" / "varnish" / Path(vcl).name).exists()
    assert (
        'backend web {\n    .host = "web";\n    .port = "8000";'
        in (ROOT / "deploy/varnish/compose.vcl").read_text()
    )
    # Restarted with web: it resolves `web` once, and a recreated web may have a new address.
    assert varnish["depends_on"]["web"] == {"condition": "service_healthy", "restart": True}
    assert varnish["ports"] == ["127.0.0.1:8000:80"]  # the purge listener (6091) is not published
    assert "http=:80,HTTP" in command and "purge=:6091,HTTP" in command


def test_the_app_containers_purge_on_varnish_purge_listener(compose):
    for name in ("init", "web", "worker", "search-index"):
        assert compose["services"][name]["environment"]["FRONTEND_CACHE_URL"] == "http://varnish:6091"


def test_the_app_trusts_varnishs_forwarded_for_so_each_shopper_counts_as_themselves(compose):
    """Varnish's container has some address of Docker's private ranges, unknown in advance."""
    value = compose["x-app"]["environment"]["TRUSTED_PROXIES"]
    trusted = tuple(re.fullmatch(r"\$\{TRUSTED_PROXIES:-(.*)\}", value)[1].split(","))
    assert client_behind("172.18.0.5", ["198.51.100.7"], trusted) == "198.51.100.7"
    assert client_behind("192.168.16.3", ["198.51.100.7"], trusted) == "198.51.100.7"
    assert client_behind("203.0.113.9", ["198.51.100.7"], trusted) == "203.0.113.9"


def test_compose_will_not_load_demo_accounts_without_a_password_of_the_operators(compose):
    password = compose["x-app"]["environment"]["DEMO_ADMIN_PASSWORD"]
    assert password.startswith("${DEMO_ADMIN_PASSWORD:?")  # compose stops, with this message, when unset
    assert "ocop-demo-2026" not in (ROOT / "docker-compose.yml").read_text()


def seconds(duration: str) -> int:
    """A compose duration as this file writes them: `90s`, `2m`."""
    return int(duration[:-1]) * {"s": 1, "m": 60}[duration[-1]]


def test_the_database_password_comes_from_the_environment_and_its_default_is_warned_of(
    compose, settings, monkeypatch
):
    from ops.checks import database_password_of_the_compose_file

    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:-ocop}"
    url = compose["x-app"]["environment"]["DATABASE_URL"]
    assert url == "postgres://ocop:${POSTGRES_PASSWORD:-ocop}@db:5432/ocop"
    assert "5432" not in str(compose["services"]["db"].get("ports", []))  # reached by the stack alone
    settings.DEBUG = False
    monkeypatch.setitem(settings.DATABASES["default"], "PASSWORD", "ocop")
    (warning,) = database_password_of_the_compose_file(None)
    assert warning.id == "ops.W004" and "POSTGRES_PASSWORD" in warning.hint
    monkeypatch.setitem(settings.DATABASES["default"], "PASSWORD", "Jx4q_7vQ-ZlT0bY2mWcS")
    assert database_password_of_the_compose_file(None) == []


def test_the_database_is_healthy_only_once_it_answers_over_tcp_after_its_first_start_set_up(compose):
    """The postgres image's first start runs a temporary server on the Unix socket while it creates the
    database, then restarts it: init must not migrate into that restart."""
    healthcheck = compose["services"]["db"]["healthcheck"]
    assert "pg_isready -h 127.0.0.1 " in healthcheck["test"][1]
    assert seconds(healthcheck["start_period"]) >= 30


def test_a_first_start_is_given_time_before_a_failed_probe_counts(compose):
    """web starts after init (migrations, the demo) has finished; its workers' warm-up may take a minute
    on a busy machine, and the worker's first heartbeat comes after Django's start."""
    web, worker = compose["services"]["web"]["healthcheck"], compose["services"]["worker"]["healthcheck"]
    assert seconds(web["start_period"]) >= 120 and seconds(web["start_interval"]) <= 5
    assert seconds(worker["start_period"]) >= 90
    for name in ("web", "worker"):  # each needs the database and Redis healthy, and init done
        depends_on = compose["services"][name]["depends_on"]
        assert depends_on["db"] == depends_on["redis"] == {"condition": "service_healthy"}
    assert compose["services"]["varnish"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_production_by_hand_loads_the_demo_as_the_init_job_does_lots_and_index_included(compose):
    """A newcomer following the README by hand ends with a shop whose packages scan to a lot's record."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    by_hand = readme.split("### Production by hand", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    steps = ["load_demo", "load_demo_lots", "search_reindex"]
    commands = [
        line.split("manage.py", 1)[1].split()[0] for line in by_hand.splitlines() if "manage.py" in line
    ]
    assert [command for command in commands if command in steps] == steps
    init = " ".join(compose["services"]["init"]["command"])
    assert all(f"manage.py {step}" in init for step in steps)
