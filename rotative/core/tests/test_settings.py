"""Production settings: configured by the environment, fail fast, pass Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Settings read in processes of their own, on their own SQLite: once, by `make test`.
pytestmark = pytest.mark.once

BASE_DIR = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "rotative.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "sqlite:///:memory:",
    "ALLOWED_HOSTS": "www.example.fr",
    "SITE_URL": "https://www.example.fr",
    # A key pair made for this test, used nowhere else.
    "VAPID_PUBLIC_KEY": (
        "BG0Z4bCMZHeJYadLG0DIWM6flamaOK-K2mLaSfuT-qqrRoHOZjetOIBy46tZ0TmyHDDBFhausJo7Y-afghYj0_w"
    ),
    "VAPID_PRIVATE_KEY": "ipGZDMKdKqr8CiibZVUzdKR4d-V54aEMvjKZ8d-Tq9U",
    "VAPID_SUBJECT": "mailto:redaction@example.fr",
    "ROTATIVE_ENV_FILE": "",  # whatever .env lies in the checkout
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warning(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "ROTATIVE_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_host_only_secure_and_for_the_whole_site(tmp_path):
    """Browsers accept a __Host- cookie only when it is Secure, for path / and without a
    Domain: no subdomain or plain-HTTP page can plant a session or CSRF cookie."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH,"
        " s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = manage("shell", "-c", code, env={**PRODUCTION_ENV, "ROTATIVE_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "/",
        "/",
        "None",
        "None",
        "True",
    ]


def test_production_policy_allows_images_from_the_media_domain_only(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {**PRODUCTION_ENV, "ROTATIVE_VAR_DIR": str(tmp_path), "S3_BUCKET": "phare-medias"}
    result = manage("shell", "-c", code, env={**env, "S3_CUSTOM_DOMAIN": "medias.example.fr"})
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "[\"'self'\", 'data:', 'https://medias.example.fr']"
    )


@pytest.mark.parametrize(
    ("private_bucket", "bucket"), [("", "phare-medias"), ("phare-cv", "phare-cv")]
)
def test_cvs_on_s3_are_private_objects_without_a_public_address(tmp_path, private_bucket, bucket):
    code = (
        "from django.core.files.storage import storages;"
        "s = storages['job_applications'];"
        "print(s.bucket_name, s.location, s.default_acl, s.querystring_auth, s.custom_domain)"
    )
    env = {
        **PRODUCTION_ENV,
        "ROTATIVE_VAR_DIR": str(tmp_path),
        "S3_BUCKET": "phare-medias",
        "S3_CUSTOM_DOMAIN": "medias.example.fr",
        "S3_PRIVATE_BUCKET": private_bucket,
    }
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        f"{bucket} private/job-applications private True None"
    )


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "VAPID_PUBLIC_KEY",
        "VAPID_PRIVATE_KEY",
        "VAPID_SUBJECT",
    ],
)
def test_production_refuses_to_start_without_required_variable(missing, tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env={**env, "ROTATIVE_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production." in result.stderr


def test_embedded_mode_generates_and_keeps_its_own_secret_key(tmp_path):
    env = {"ROTATIVE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "rotative.settings.base"}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "-c", code, env=env)
    second = manage("shell", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50 and key == second.stdout.strip().splitlines()[-1]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_embedded_mode_generates_and_keeps_its_own_vapid_key_pair(tmp_path):
    """Browsers subscribe with the public key: it must survive restarts."""
    env = {"ROTATIVE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "rotative.settings.base"}
    code = (
        "from django.conf import settings; from py_vapid import Vapid; import base64;"
        "from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat;"
        "key = Vapid.from_string(settings.VAPID_PRIVATE_KEY).public_key.public_bytes("
        "Encoding.X962, PublicFormat.UncompressedPoint);"
        "print(settings.VAPID_PUBLIC_KEY, base64.urlsafe_b64encode(key).decode().rstrip('='))"
    )
    first = manage("shell", "-c", code, env=env)
    second = manage("shell", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    public, derived = first.stdout.strip().splitlines()[-1].split()
    assert public == derived  # the pair matches
    assert first.stdout == second.stdout
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o077 == 0
