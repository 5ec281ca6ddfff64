from django.core.management import call_command
from django.core.management.base import BaseCommand

from rotative.core.demo import loader


class Command(BaseCommand):
    help = "Charge le site de démonstration (une seule fois) et crée le compte de la rédaction."

    def add_arguments(self, parser):
        parser.add_argument("--credentials-file", help="Où écrire l'identifiant de démonstration.")

    def handle(self, *args, credentials_file=None, **options):
        if loader.demo_is_loaded():
            self.stdout.write("Contenu de démonstration déjà chargé.")
            return
        counts = loader.demo_load()
        call_command("update_index", verbosity=0)
        username, password = loader.editor_create()
        if credentials_file:
            from pathlib import Path

            path = Path(credentials_file)
            path.write_text(f"{username}\n{password}\n")
            path.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {counts['sections']} rubriques, {counts['articles']} articles. "
                f"Compte rédaction : {username} / {password}"
            )
        )
