from django.core.management.base import BaseCommand, CommandError

from rotative.geo.services import GeoFileError, communes_load


class Command(BaseCommand):
    help = "Charge le fichier des codes postaux de La Poste (chemin ou adresse http(s))."

    def add_arguments(self, parser):
        parser.add_argument("source", help="laposte_hexasmal.csv, ou son adresse de téléchargement")

    def handle(self, *args, source, **options):
        try:
            report = communes_load(source=source)
        except GeoFileError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.loaded} communes et codes postaux chargés ({report.rows} lignes lues, "
                f"{report.without_position} sans coordonnées, {len(report.rejected)} refusées)."
            )
        )
        for line in report.rejected[:20]:
            self.stdout.write(f"  refusée : {line}")
