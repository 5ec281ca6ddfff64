"""`make run`: migrate, load the demo once, then serve over ASGI with the task worker beside it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def proxy_options() -> dict:
    """uvicorn believes X-Forwarded-For and -Proto only from TRUSTED_PROXIES: from anyone
    else, the client would choose the address that rate limits count (uvicorn's own default
    trusts 127.0.0.1, i.e. every client of a server listening there)."""
    return {
        "proxy_headers": bool(settings.TRUSTED_PROXIES),
        "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES) or None,
    }


class Command(BaseCommand):
    help = "Prépare la base, charge la démo si besoin et sert le site (ASGI) avec son worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Ne pas charger la démo.")
        parser.add_argument("--no-worker", action="store_true", help="Ne pas lancer le worker.")

    def handle(self, *args, host, port, no_demo, no_worker, **options):
        credentials = Path(settings.VAR_DIR) / "demo-credentials.txt"
        reader_credentials = Path(settings.VAR_DIR) / "demo-reader-credentials.txt"
        employer_credentials = Path(settings.VAR_DIR) / "demo-employer-credentials.txt"
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 (a comparison)
        if not os.environ.get("SITE_URL"):
            # Canonical URLs, feeds and sitemaps follow HOST and PORT in the embedded mode.
            os.environ["SITE_URL"] = f"http://{shown_host}:{port}"
            settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = os.environ["SITE_URL"]
        call_command("migrate", interactive=False, verbosity=0)
        demo_marker = Path(settings.VAR_DIR) / "demo-loaded"
        if not no_demo and not demo_marker.exists():
            # Once only: an editor who later deletes the demo sections does not get them back.
            call_command(
                "load_demo",
                credentials_file=str(credentials),
                reader_credentials_file=str(reader_credentials),
                employer_credentials_file=str(employer_credentials),
                verbosity=0,
            )
            demo_marker.touch()

        worker = None
        if not no_worker:
            # The worker runs every background task and queues the recurring jobs the apps
            # declare (core/scheduling.py), as the production workers do.
            worker = subprocess.Popen(  # noqa: S603 (our own fixed command line)
                [sys.executable, "manage.py", "worker", "--interval", "1"],
                cwd=settings.BASE_DIR,
                env=os.environ.copy(),
            )

        self.stdout.write(
            self.style.SUCCESS(f"\nRotative est en ligne : http://{shown_host}:{port}/")
        )
        self.stdout.write(f"Administration : http://{shown_host}:{port}/admin/")
        for path, label in (
            (credentials, "Compte de la rédaction"),
            (reader_credentials, "Compte lectrice"),
            (employer_credentials, "Compte employeur, l'emploi"),
        ):
            if path.exists():
                email, password = path.read_text().split()[:2]
                self.stdout.write(f"{label} (démo, /compte/connexion/) : {email} / {password}\n")

        import uvicorn

        try:
            uvicorn.run(
                "rotative.asgi:application",
                host=host,
                port=port,
                lifespan="off",
                log_level=os.environ.get("LOG_LEVEL", "info").lower(),
                # The site logs each request itself (rotative/ops/middleware.py), in LOG_FORMAT.
                access_log=False,
                **proxy_options(),
                # Open En direct streams never end by themselves: stop without waiting on them.
                timeout_graceful_shutdown=3,
            )
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
