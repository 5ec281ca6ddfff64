"""`manage.py restore archive.tar`: into an empty database (made with createdb, or a new
SQLite file), then `manage.py migrate` if the code is newer than the backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rotative.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une archive de `backup` dans une base vide (refuse une base qui contient "
        "déjà des tables, sauf --force) et remet les fichiers déposés."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="L'archive .tar écrite par `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer le contenu d'une base qui n'est pas vide (ses tables sont supprimées).",
        )
        parser.add_argument("--database", default="default", help="Alias de la base (default).")

    def handle(self, *args, archive, force, database, **options):
        try:
            report = backup_restore(archive_path=Path(archive), database=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {report.created_at} restaurée ({report.engine}), "
                f"{report.files} fichiers."
            )
        )
        if report.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.pending_migrations} migrations sont à appliquer : lancez "
                    "`manage.py migrate` avant de démarrer le site."
                )
            )
        self.stdout.write(
            "Videz le cache (Redis) et purgez Varnish : ils gardent des pages d'avant."
        )
