from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What the people running the site use: health checks, metrics, the request log, the
    page shown while the database is down, backup and restore. No models of its own."""

    name = "rotative.ops"
    label = "ops"
    verbose_name = "Exploitation"

    def ready(self):
        import os

        # prometheus_client writes each process's counts there (rotative/ops/metrics.py) and
        # fails on a folder that does not exist: make it, as the service's first process.
        folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if folder:
            os.makedirs(folder, exist_ok=True)
