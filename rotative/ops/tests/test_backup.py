"""A backup restored into an empty database gives the site back: an article with its image,
a comment, an ad, a newsletter subscriber, a wire file in quarantine.

The test runs on the engine the suite runs on: SQLite with `make test`, PostgreSQL with
`make test-postgres` (CI runs both). It restores through `manage.py restore` in a separate
process, into a database that process never saw (a fresh SQLite file, a database made with
CREATE DATABASE), and reads everything back from there."""

import json
import secrets
import subprocess
import sys
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds.tests.factories import ad_online
from rotative.comments.tests.factories import comment_post
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.ops.tests.server import BASE_DIR

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

READ_BACK = """
import json
from django.core.files.storage import storages
from rotative.classifieds.models import Ad
from rotative.comments.models import Comment
from rotative.news.models import ArticlePage
from rotative.newsletter.models import Subscriber
from rotative.wire.models import QuarantinedFile
article = ArticlePage.objects.get(slug="digue-de-granville")
quarantined = QuarantinedFile.objects.get()
subscriber = Subscriber.objects.get()
print(json.dumps({
    "article": [article.title, article.live],
    "image": article.lead_image.file.read().hex(),
    "comment": [Comment.objects.get().body, Comment.objects.get().article_id == article.pk],
    "ad": [Ad.objects.get().title, Ad.objects.get().commune.name],
    "subscriber": [subscriber.email, subscriber.confirmed_at is not None],
    "quarantined": [quarantined.reason, quarantined.original.read().decode()],
}))
"""


@pytest.fixture
def the_site(home, section):
    from rotative.wire.services.ingest import quarantine_file

    image = ImageFactory(title="Digue de Granville")
    article = ArticlePageFactory(
        parent=section,
        title="La digue de Granville a cédé",
        slug="digue-de-granville",
        lead_image=image,
    )
    reader = ReaderFactory(email="marie@example.fr", display_name="Marie L.")
    comment_post(user=reader, article=article, body="Toute ma solidarité aux riverains.")
    moderator = ReaderFactory(email="moderation@example.fr", display_name="Claire M.")
    moderator.is_superuser = moderator.is_staff = True
    moderator.save()
    ad_online(owner=reader, moderator=moderator, title="Longère à Carantilly")
    SubscriberFactory(email="abonne@example.fr")
    quarantine_file(
        data=b"<newsItem>tronque",
        filename="afp-1234.xml",
        source=None,
        reason="XML mal formé",
        sha256="a" * 64,
    )
    image.file.seek(0)
    return {"image": image.file.read().hex()}


@pytest.fixture
def empty_database(tmp_path):
    """DATABASE_URL of an empty database of the suite's engine, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restauree.sqlite3'}"
        return
    import psycopg

    settings_dict = connection.settings_dict
    name = f"rotative_restore_{secrets.token_hex(4)}"
    server = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict["USER"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    yield f"postgres://{user}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read_back(**where) -> dict:
    done = manage("shell", "-c", READ_BACK, **where)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # after the shell's own notice


def manage(*arguments, database_url, var_dir) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "rotative.settings.test",
        "DATABASE_URL": database_url,
        "ROTATIVE_VAR_DIR": str(var_dir),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restored_into_an_empty_database_gives_the_site_back(
    the_site, empty_database, tmp_path, capsys
):
    call_command("backup", str(tmp_path / "sauvegardes") + "/")
    archive = capsys.readouterr().out.strip().splitlines()[-1]
    assert archive.endswith(".tar") and "sauvegardes/rotative-" in archive
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert names[0] == "manifest.json"
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert dump in names
    assert any(name.startswith("media/original_images/") for name in names)
    assert any(name.startswith("wire-quarantine/") for name in names)

    restored = tmp_path / "machine-neuve"
    done = manage("restore", archive, database_url=empty_database, var_dir=restored)
    assert done.returncode == 0, done.stderr
    assert "restaurée" in done.stdout

    assert read_back(database_url=empty_database, var_dir=restored) == {
        "article": ["La digue de Granville a cédé", True],
        "image": the_site["image"],
        "comment": ["Toute ma solidarité aux riverains.", True],
        "ad": ["Longère à Carantilly", "Carantilly"],
        "subscriber": ["abonne@example.fr", True],
        "quarantined": ["XML mal formé", "<newsItem>tronque"],
    }

    # Once restored, the database is no longer empty: a second restore needs --force.
    again = manage("restore", archive, database_url=empty_database, var_dir=restored)
    assert again.returncode != 0
    assert "n'est pas vide" in again.stderr
    forced = manage("restore", archive, "--force", database_url=empty_database, var_dir=restored)
    assert forced.returncode == 0, forced.stderr
    restored_again = read_back(database_url=empty_database, var_dir=restored)
    assert restored_again["article"] == ["La digue de Granville a cédé", True]
