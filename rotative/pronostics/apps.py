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
