"""One archive holds the database and the uploaded files; one command writes it, one reads it.

The archive is a tar file:
    manifest.json               what it holds: engine, date, the last migration of each app
    database.pgdump             PostgreSQL: pg_dump's custom format (compressed)
  or database.sqlite3           SQLite: a copy made by SQLite's online backup API
    media/…                     MEDIA_ROOT (images, renditions, documents, ad photos)
    wire-quarantine/…           agency files in quarantine, which the database lists

Consistency. Each database tool copies one snapshot while the site keeps running (pg_dump
reads in one transaction; SQLite's backup API restarts if a writer intervenes). Files are
copied after the snapshot: every file the database names was written before its row (uploads
are saved, then recorded), so it is in the archive, unless deleted during the backup. Files
uploaded after the snapshot come along unreferenced, which is harmless.

No fallback to dumpdata when pg_dump is missing: it reads table after table (no single
snapshot), holds a whole table in memory (millions of ads), and loses what is not a model
row (the unaccent extension, the French search configuration, sequences). The command says
what to install instead.

Media on object storage (S3_BUCKET) are not copied: the bucket is backed up by its own
means (versioning, replication); the manifest records that they were left out.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Archive folder → storage alias: the files that go with the database.
FILE_STORAGES = {
    "media": "default",
    "wire-quarantine": "wire_quarantine",
    "job-applications": "job_applications",
}


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


@dataclass
class BackupReport:
    path: Path
    engine: str
    files: int
    skipped_storages: list[str]


@dataclass
class RestoreReport:
    engine: str
    created_at: str
    files: int
    pending_migrations: int


# --- writing ------------------------------------------------------------------------------


def backup_create(*, target: str, database: str = "default") -> BackupReport:
    """Write the archive to `target`: a file, or a folder (an existing one, or a path ending
    with « / ») where it gets a dated name. It is written under a temporary name and renamed
    at the end: an interrupted backup never looks complete."""
    connection = connections[database]
    engine = _engine(connection)
    path = Path(target)
    if path.is_dir() or str(target).endswith(("/", os.sep)):
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = path / f"rotative-{stamp}.tar"
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path
    partial = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory(prefix="rotative-backup-", dir=target.parent) as work:
        dump = Path(work) / DUMP_NAMES[engine]
        if engine == "postgresql":
            _pg_dump(connection, dump)
        else:
            _sqlite_copy(connection, dump)
        locations, skipped = _file_locations()
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": dump.name,
            "migrations": _last_migrations(connection),
            "files": sorted(locations),
            "files_not_included": skipped,
        }
        files = 0
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(dump, arcname=dump.name)
                for prefix, location in sorted(locations.items()):
                    files += _add_folder(archive, prefix, location)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return BackupReport(path=target, engine=engine, files=files, skipped_storages=skipped)


def _engine(connection) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")
    return connection.vendor


def _file_locations() -> tuple[dict[str, Path], list[str]]:
    locations, skipped = {}, []
    for prefix, alias in FILE_STORAGES.items():
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            locations[prefix] = Path(storage.location)
        else:
            skipped.append(prefix)
    return locations, skipped


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_folder(archive: tarfile.TarFile, prefix: str, location: Path) -> int:
    count = 0
    if not location.is_dir():
        return count
    for folder, _dirs, names in os.walk(location):  # symbolic links are not followed
        for name in sorted(names):
            path = Path(folder) / name
            if not path.is_file() or path.is_symlink():
                continue
            try:
                archive.add(path, arcname=f"{prefix}/{path.relative_to(location).as_posix()}")
            except FileNotFoundError:  # deleted meanwhile: the database no longer names it
                continue
            count += 1
    return count


def _last_migrations(connection) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def _pg_environment(connection) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line (ps shows those)."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if options.get(key):
            env[f"PG{key.upper()}"] = str(options[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} est introuvable : installez le client PostgreSQL (paquet Debian "
            "postgresql-client, de la version du serveur ou plus récente)."
        )
    return path


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué :\n{done.stderr.strip()}")
    return done


def _pg_dump(connection, dump: Path) -> None:
    # One transaction, one snapshot, whatever the site writes meanwhile.
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={dump}"], _pg_environment(connection))


def _sqlite_copy(connection, dump: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


# --- reading ------------------------------------------------------------------------------


def backup_restore(*, archive_path: Path, database: str = "default", force: bool = False):
    """Restore an archive into an empty database (any database with `force`: its tables are
    dropped first), then its files into the storages. Files already there with the same name
    are replaced; others are left."""
    connection = connections[database]
    engine = _engine(connection)
    try:
        archive = tarfile.open(archive_path, "r:")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Archive illisible : {archive_path} ({error}).") from error
    with archive, tempfile.TemporaryDirectory(prefix="rotative-restore-") as work:
        manifest = _read_manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                f"Cette sauvegarde vient de {manifest['engine']} ; la base configurée est "
                f"{engine}. Restaurez-la dans une base {manifest['engine']}."
            )
        tables = _tables(connection)
        if tables and not force:
            raise BackupError(
                f"La base {connection.settings_dict['NAME']} n'est pas vide ({len(tables)} "
                "tables). Restaurez dans une base vide, ou ajoutez --force pour la remplacer."
            )
        dump = Path(work) / manifest["database"]
        _extract_one(archive, manifest["database"], dump)
        if engine == "postgresql":
            _pg_restore(connection, dump, wipe=bool(tables))
        else:
            _sqlite_restore(connection, dump)
        files = _extract_files(archive)
    return RestoreReport(
        engine=engine,
        created_at=manifest["created_at"],
        files=files,
        pending_migrations=_pending_migrations(connection),
    )


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError("Ce fichier n'est pas une sauvegarde du site (manifest.json).") from error
    if manifest.get("format") != ARCHIVE_FORMAT or manifest.get("database") not in (
        DUMP_NAMES.values()
    ):
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    return manifest


def _tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _extract_one(archive: tarfile.TarFile, name: str, destination: Path) -> None:
    source = archive.extractfile(archive.getmember(name))
    with destination.open("wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)


def _pg_restore(connection, dump: Path, *, wipe: bool) -> None:
    env = _pg_environment(connection)
    tool = _pg_tool("pg_restore")
    if wipe:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    # A comment on an extension can only be set by its owner (a superuser): leave it out,
    # so that the site's own role can restore.
    listing = _run([tool, "--list", str(dump)], env).stdout
    kept = [line for line in listing.splitlines() if " COMMENT - EXTENSION " not in line]
    use_list = dump.with_suffix(".list")
    use_list.write_text("\n".join(kept) + "\n")
    # All or nothing: one transaction, stopped at the first error.
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={use_list}",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
    )


def _sqlite_restore(connection, dump: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        raise BackupError("La base SQLite configurée est en mémoire : rien où restaurer.")
    connection.close()
    source, target = sqlite3.connect(dump), sqlite3.connect(name)
    try:
        source.backup(target)  # replaces the whole content of the target, in one go
    finally:
        source.close()
        target.close()


def _safe_member(member: tarfile.TarInfo) -> tuple[str, PurePosixPath] | None:
    """(prefix, relative path) of a file to restore, or None for anything else: links,
    devices, absolute paths, « .. », names outside the known folders."""
    if not member.isfile():
        return None
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
        return None
    if path.parts[0] not in FILE_STORAGES:
        return None
    return path.parts[0], PurePosixPath(*path.parts[1:])


def _extract_files(archive: tarfile.TarFile) -> int:
    locations, _skipped = _file_locations()
    count = 0
    for member in archive:
        found = _safe_member(member)
        if found is None or found[0] not in locations:
            continue
        prefix, relative = found
        destination = locations[prefix].joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("wb") as target:
            shutil.copyfileobj(archive.extractfile(member), target, 1024 * 1024)
        count += 1
    return count


def _pending_migrations(connection) -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
