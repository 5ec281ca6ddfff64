""".env.example lists every variable the code reads, and starts production as it is once its
secrets are filled in; the Procfile and the systemd units start the same processes."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

# The file and the processes it starts do not use the suite's database: once, by `make test`.
pytestmark = pytest.mark.once
BASE_DIR = Path(__file__).resolve().parents[3]
EXAMPLE = BASE_DIR / ".env.example"
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\.setdefault|os\.environ\[|os\.getenv|env_bool|env_list|env_networks)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by libraries rather than by our code (django-storages through boto3).
LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def production_sources() -> list[Path]:
    sources = [BASE_DIR / "manage.py"]
    for path in (BASE_DIR / "rotative").rglob("*.py"):
        relative = path.relative_to(BASE_DIR / "rotative")
        if "tests" in relative.parts or relative.name in {"conftest.py", "testing.py"}:
            continue
        if relative == Path("settings/test.py"):
            continue
        sources.append(path)
    return sources


def variables_read() -> set[str]:
    found = set()
    for path in production_sources():
        found |= set(READS.findall(path.read_text()))
    # The production settings' list of required variables is read in a loop.
    production = (BASE_DIR / "rotative/settings/production.py").read_text()
    required = production.split("for _required in (", 1)[1].split("):", 1)[0]
    found |= set(re.findall(r'"([A-Z][A-Z0-9_]+)"', required))
    return found - {"PATH"}


def variables_listed() -> set[str]:
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(), flags=re.M))


def test_env_example_lists_every_variable_the_code_reads_and_no_other():
    read, listed = variables_read(), variables_listed()
    assert {"SECRET_KEY", "VAPID_PRIVATE_KEY", "DATABASE_URL", "TRUSTED_PROXIES"} <= read
    assert read - listed == set(), "read by the code, missing from .env.example"
    assert listed - read - LIBRARIES == set(), "in .env.example, read by nothing"


def manage(*args, env, tmp_path):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "ROTATIVE_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def filled_example(tmp_path) -> Path:
    """.env.example with what the operator must fill: the secrets, nothing else."""
    vapid = subprocess.run(
        [sys.executable, "-m", "rotative.newsletter.vapid"],
        capture_output=True,
        text=True,
        check=True,
        cwd=BASE_DIR,
    ).stdout.split()
    assert [line.split("=", 1)[0] for line in vapid] == ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"]
    filled = dict(line.split("=", 1) for line in vapid)
    filled["SECRET_KEY"] = "k" * 20 + "-une-clé-longue-et-aléatoire-" + "z" * 30
    text = EXAMPLE.read_text().replace("rotative:FILL@", "rotative:mot-de-passe@")
    for name, value in filled.items():
        text, count = re.subn(rf"^{name}=$", f"{name}={shlex.quote(value)}", text, flags=re.M)
        assert count == 1, name
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_env_example_with_its_secrets_filled_starts_production(tmp_path):
    env_file = filled_example(tmp_path)
    code = (
        "from django.conf import settings as s;"
        "print(s.SETTINGS_MODULE, s.ALLOWED_HOSTS, s.CACHES['default']['BACKEND'], s.DEBUG)"
    )
    # ALLOWED_HOSTS from the real environment wins over the file's.
    env = {"ROTATIVE_ENV_FILE": str(env_file), "ALLOWED_HOSTS": "actu.example.fr"}
    shown = manage("shell", "-c", code, env=env, tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("\n")[-2] == (
        "rotative.settings.production ['actu.example.fr'] "
        "rotative.core.cache.ResilientRedisCache False"
    )
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_env_example_unfilled_refuses_to_start(tmp_path):
    env = {"ROTATIVE_ENV_FILE": str(EXAMPLE)}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required in production." in result.stderr


def test_a_named_env_file_that_does_not_exist_stops_the_start(tmp_path):
    result = manage("check", env={"ROTATIVE_ENV_FILE": str(tmp_path / "absent")}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ROTATIVE_ENV_FILE: no such file" in result.stderr


def test_procfile_and_systemd_start_uvicorn_with_the_same_options():
    procfile = dict(
        line.split(": ", 1)
        for line in (BASE_DIR / "deploy/Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    unit = (BASE_DIR / "deploy/systemd/rotative-web@.service").read_text()
    exec_start = re.search(r"^ExecStart=(.*)$", unit, flags=re.M).group(1)

    def options(command: str) -> list[str]:
        words = shlex.split(command.replace("exec ", ""))
        words[0] = Path(words[0]).name  # uvicorn, wherever it lives
        return [re.sub(r"\$\{(\w+)(:-[^}]*)?\}", r"$\1", word) for word in words]

    assert options(procfile["web"]) == options(exec_start)
    worker_unit = (BASE_DIR / "deploy/systemd/rotative-worker@.service").read_text()
    worker = re.search(r"^ExecStart=\S+/python (.*)$", worker_unit, flags=re.M).group(1)
    assert procfile["worker"] == f"exec python {worker}"
