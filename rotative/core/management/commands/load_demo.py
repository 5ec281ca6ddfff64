from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from rotative.core.demo.registry import DemoRun, demo_parts


class Command(BaseCommand):
    help = (
        "Charge le site de démonstration (une seule fois) et crée le compte de la rédaction "
        "celui d'une lectrice et celui d'un employeur."
    )

    def add_arguments(self, parser):
        parser.add_argument("--credentials-file", help="Où écrire l'identifiant de démonstration.")
        parser.add_argument(
            "--reader-credentials-file", help="Où écrire l'identifiant de la lectrice de démo."
        )
        parser.add_argument(
            "--employer-credentials-file",
            help="Où écrire l'identifiant de l'employeur de démo (l'emploi).",
        )

    def handle(
        self,
        *args,
        credentials_file=None,
        reader_credentials_file=None,
        employer_credentials_file=None,
        **options,
    ):
        parts = demo_parts()
        if any(part.loaded() for part in parts if part.loaded is not None):
            self.stdout.write("Contenu de démonstration déjà chargé.")
            return
        run = DemoRun(now=timezone.now())
        # The parts each apps registers (core/demo/registry.py), in their order.
        for part in parts:
            with transaction.atomic():
                part.load(run)
        call_command("update_index", verbosity=0)
        summary = f"Démo chargée : {', '.join(run.counts)}."
        for role, path, label in (
            ("editor", credentials_file, "Compte rédaction"),
            ("reader", reader_credentials_file, "Compte lectrice"),
            ("employer", employer_credentials_file, "Compte employeur (emploi)"),
        ):
            if role in run.logins:
                login, password = run.logins[role]
                _credentials_write(path, login, password)
                summary += f" {label} : {login} / {password}."
        self.stdout.write(self.style.SUCCESS(summary))


def _credentials_write(path: str | None, login: str, password: str) -> None:
    if path:
        Path(path).write_text(f"{login}\n{password}\n")
        Path(path).chmod(0o600)
