"""`manage.py backup /var/backups/rotative/`: the database and the uploaded files, one archive."""

from django.core.management.base import BaseCommand, CommandError

from rotative.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (instantané cohérent) et les fichiers déposés "
        "(médias, quarantaine du fil) dans une seule archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "target", help="Fichier .tar à écrire, ou dossier (un nom daté y est choisi)."
        )
        parser.add_argument("--database", default="default", help="Alias de la base (default).")

    def handle(self, *args, target, database, **options):
        try:
            report = backup_create(target=target, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = report.path.stat().st_size / 1024 / 1024
        tool = "pg_dump" if report.engine == "postgresql" else "API de sauvegarde SQLite"
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {report.path} ({size:.1f} Mo)"))
        self.stdout.write(f"Base {report.engine} ({tool}), {report.files} fichiers.")
        for prefix in report.skipped_storages:
            self.stdout.write(
                self.style.WARNING(
                    f"« {prefix} » est sur un stockage objet : sauvegardez le bucket à part."
                )
            )
        # The last line is the archive alone, for scripts: `archive=$(… | tail -1)`.
        self.stdout.write(str(report.path))
