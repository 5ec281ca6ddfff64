"""What `restore` refuses, before it touches anything."""

import io
import json
import tarfile
from pathlib import PurePosixPath

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rotative.ops.backup import ARCHIVE_FORMAT, _safe_member


def archive_with(path, manifest: dict | None, members: dict[str, bytes] | None = None):
    with tarfile.open(path, "w") as archive:
        entries = dict(members or {})
        if manifest is not None:
            entries = {"manifest.json": json.dumps(manifest).encode(), **entries}
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return str(path)


def test_a_file_that_is_not_a_backup(tmp_path, db):
    (tmp_path / "notes.txt").write_text("pas une archive")
    with pytest.raises(CommandError, match="Archive illisible"):
        call_command("restore", str(tmp_path / "notes.txt"))
    other = archive_with(tmp_path / "autre.tar", None, {"photo.jpg": b"\xff\xd8"})
    with pytest.raises(CommandError, match="n'est pas une sauvegarde du site"):
        call_command("restore", other)


def test_a_backup_of_the_other_engine(tmp_path, db):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    archive = archive_with(
        tmp_path / "autre-moteur.tar",
        {"format": ARCHIVE_FORMAT, "engine": other, "database": dump, "created_at": "x"},
    )
    with pytest.raises(CommandError, match=f"Cette sauvegarde vient de {other}"):
        call_command("restore", archive)


def test_the_sites_own_database_is_never_overwritten_without_force(tmp_path, db):
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]
    archive = archive_with(
        tmp_path / "sauvegarde.tar",
        {
            "format": ARCHIVE_FORMAT,
            "engine": connection.vendor,
            "database": dump,
            "created_at": "x",
        },
        {dump: b""},
    )
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", archive)


@pytest.mark.parametrize(
    "name",
    [
        "../etc/cron.d/x",
        "/etc/passwd",
        "media/../../outside.txt",
        "settings.py",  # not in a known folder
        "media",
    ],
)
def test_files_outside_the_storages_are_never_written(name):
    assert _safe_member(tarfile.TarInfo(name)) is None


def test_links_are_never_restored():
    link = tarfile.TarInfo("media/original_images/lien.jpg")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/shadow"
    assert _safe_member(link) is None
    assert _safe_member(tarfile.TarInfo("media/original_images/port.jpg")) == (
        "media",
        PurePosixPath("original_images/port.jpg"),
    )
