from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "rotative.wire"
    label = "wire"
    verbose_name = "Fil d'agences"

    def ready(self):
        from rotative.core.scheduling import RecurringJob, recurring_job_declare
        from rotative.wire.tasks import POLL_EVERY, wire_poll

        recurring_job_declare(RecurringJob(name="wire.poll", task=wire_poll, every=POLL_EVERY))
