from django.apps import AppConfig


class PronosticsConfig(AppConfig):
    name = "rotative.pronostics"
    label = "pronostics"
    verbose_name = "Les pronostics"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from rotative.core.site_parts import Link, registry

        # The reference page's footer promises « Les pronostics » (DESIGN.md), before
        # l'emploi and the agenda.
        link = Link(_("Les pronostics"), "pronostics:home")
        if link not in registry.footer_links:
            later = [
                position
                for position, found in enumerate(registry.footer_links)
                if found.url_name.startswith(("jobs:", "agenda:"))
            ]
            registry.footer_links.insert(later[0] if later else len(registry.footer_links), link)

        from rotative.pronostics.sitemaps import PronosticsSitemap

        registry.sitemaps.setdefault("pronostics", PronosticsSitemap)

        from rotative.accounts import data
        from rotative.pronostics import personal_data

        data.register_exporter(
            "pronostics",
            personal_data.pronostics_export,
            covers=[
                "pronostics.Prediction.user",
                "pronostics.League.owner",
                "pronostics.LeagueMembership.user",
                "pronostics.ReminderPreference.user",
                "pronostics.ReminderSent.user",
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
        from rotative.pronostics.tasks import (
            REMINDERS_EVERY,
            SCORES_CATCH_UP_EVERY,
            pronostics_reminders_send,
            pronostics_scores_catch_up,
        )

        recurring_job_declare(
            RecurringJob(
                name="pronostics.reminders_send",
                task=pronostics_reminders_send,
                every=REMINDERS_EVERY,
            )
        )
        # A result's scoring task lost with its worker is done at most five minutes later.
        recurring_job_declare(
            RecurringJob(
                name="pronostics.scores_catch_up",
                task=pronostics_scores_catch_up,
                every=SCORES_CATCH_UP_EVERY,
            )
        )

        from rotative.core.demo.registry import demo_part_register
        from rotative.pronostics import demo

        demo_part_register(
            name="pronostics",
            order=85,
            load=demo.demo_pronostics_load,
            loaded=demo.demo_pronostics_loaded,
        )
