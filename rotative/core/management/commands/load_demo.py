import secrets
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rotative.accounts.services import reader_create
from rotative.core.demo import loader


class Command(BaseCommand):
    help = (
        "Charge le site de démonstration (une seule fois) et crée le compte de la rédaction "
        "et celui d'une lectrice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--credentials-file", help="Où écrire l'identifiant de démonstration.")
        parser.add_argument(
            "--reader-credentials-file", help="Où écrire l'identifiant de la lectrice de démo."
        )

    def handle(self, *args, credentials_file=None, reader_credentials_file=None, **options):
        if loader.demo_is_loaded():
            self.stdout.write("Contenu de démonstration déjà chargé.")
            return
        counts = loader.demo_load()
        call_command("update_index", verbosity=0)
        editor_email, password = loader.editor_create()
        reader_email, reader_password = _demo_reader_create()
        comments = _demo_comments_load()
        live = _demo_live_load()
        ads = _demo_ads_load()
        _demo_legal_load()
        _credentials_write(credentials_file, editor_email, password)
        _credentials_write(reader_credentials_file, reader_email, reader_password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {counts['sections']} rubriques, {counts['articles']} articles, "
                f"{comments} commentaires, {live} entrées en direct, {ads} petites annonces. "
                f"Compte rédaction : {editor_email} / {password}. "
                f"Compte lectrice : {reader_email} / {reader_password}"
            )
        )


DEMO_READER_EMAIL = "lectrice@example.fr"


def _credentials_write(path: str | None, login: str, password: str) -> None:
    if path:
        Path(path).write_text(f"{login}\n{password}\n")
        Path(path).chmod(0o600)


def _demo_reader_create() -> tuple[str, str]:
    """A reader with a confirmed address, to try comments and « Mon compte » at once."""
    password = secrets.token_urlsafe(12)
    reader_create(email=DEMO_READER_EMAIL, password=password, display_name="Marie L.")
    return DEMO_READER_EMAIL, password


def _demo_comments_load() -> int:
    from rotative.comments.demo import demo_comments_load

    return demo_comments_load()


def _demo_live_load() -> int:
    from rotative.live.demo import demo_live_load

    return demo_live_load()


def _demo_ads_load() -> int:
    from rotative.classifieds.demo import demo_ads_load

    return demo_ads_load()


def _demo_legal_load() -> int:
    from rotative.legal.demo import demo_legal_load

    return demo_legal_load()
