from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "rotative.alerts"
    label = "alerts"
    verbose_name = "Alertes"

    def ready(self):
        from rotative.accounts import data
        from rotative.alerts import personal_data

        data.register_exporter(
            "alertes",
            personal_data.alerts_export,
            covers=["alerts.SavedSearch.user", "newsletter.PushSubscription.user"],
        )

        from rotative.alerts.tasks import MORNING, alerts_daily
        from rotative.core.scheduling import RecurringJob, recurring_job_declare

        recurring_job_declare(RecurringJob(name="alerts.daily", task=alerts_daily, at=MORNING))
