from datetime import timedelta

from django.apps import AppConfig


class PronosticsConfig(AppConfig):
    name = "rotative.pronostics"
    label = "pronostics"
    verbose_name = "Les pronostics"

    def ready(self):
        from rotative.accounts import data
        from rotative.pronostics import personal_data

        data.register_exporter(
            "pronostics",
            personal_data.pronostics_export,
            covers=[
                "pronostics.Prediction.user",
                "pronostics.League.owner",
                "pronostics.LeagueMembership.user",
            ],
        )
        data.register_not_exported(
            "pronostics.Match.result_by",
            reason="the newsroom's own work: who entered a match's result",
        )
        data.register_not_exported(
            "pronostics.SeasonTally.user",
            "pronostics.MonthTally.user",
            "pronostics.MatchDayTally.user",
            reason="leaderboard totals computed from the reader's predictions, which are exported",
        )

        from rotative.core.scheduling import RecurringJob, recurring_job_declare
        from rotative.pronostics.tasks import pronostics_scores_catch_up

        # A result's scoring task lost with its worker is done at most five minutes later.
        recurring_job_declare(
            RecurringJob(
                name="pronostics.scores_catch_up",
                task=pronostics_scores_catch_up,
                every=timedelta(minutes=5),
            )
        )
