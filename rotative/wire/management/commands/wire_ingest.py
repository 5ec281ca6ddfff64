from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rotative.wire import services
from rotative.wire.models import WireSource


class Command(BaseCommand):
    help = (
        "Ingère des dépêches d'agence : sources nommées, fichiers ou dossiers "
        "(sans argument, toutes les sources actives)."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="*", metavar="SOURCE|CHEMIN")

    def handle(self, *args, targets, **options):
        report = services.IngestReport()
        if not targets:
            for source in WireSource.objects.filter(enabled=True):
                report.add(services.wire_source_run(source=source))
        for target in targets:
            source = WireSource.objects.filter(name=target).first()
            if source is not None:
                report.add(services.wire_source_run(source=source))
                continue
            path = Path(target)
            if not path.exists():
                raise CommandError(f"Ni une source ni un fichier : « {target} ».")
            report.add(services.wire_ingest_path(path=path))
        for error in report.errors:
            self.stderr.write(f"Quarantaine : {error}")
        self.stdout.write(
            f"{report.files} fichier(s), {report.items} dépêche(s) nouvelle(s), "
            f"{report.published} publiée(s), {report.duplicates} déjà reçue(s), "
            f"{report.quarantined} en quarantaine."
        )
