from django.urls import path, register_converter

from rotative.pronostics import league_views, reminder_views, views

app_name = "pronostics"


class MonthConverter:
    """« 2026-12 »: a month as (year, month)."""

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        year, month = value.split("-")
        return int(year), int(month)

    def to_url(self, value):
        year, month = value
        return f"{int(year):04d}-{int(month):02d}"


register_converter(MonthConverter, "yyyy_mm")

urlpatterns = [
    path("", views.home, name="home"),
    path("journee/<int:number>/", views.match_day, name="match_day"),
    path("match/<int:pk>/", views.match_predictions, name="match"),
    path("mes-pronostics/", views.mine, name="mine"),
    path("classement/", views.leaderboard, name="leaderboard"),
    path(
        "classement/journee/<int:number>/",
        views.leaderboard_match_day,
        name="leaderboard_match_day",
    ),
    path("classement/mois/<yyyy_mm:month>/", views.leaderboard_month, name="leaderboard_month"),
    path("ligues/", league_views.leagues, name="leagues"),
    path("ligues/<int:pk>/", league_views.league, name="league"),
    path("ligues/rejoindre/<str:token>/", league_views.league_join, name="league_join"),
    path("rappels/", reminder_views.reminders, name="reminders"),
    path("rappels/arreter/<str:token>/", reminder_views.reminders_stop, name="reminders_stop"),
]
