from django.urls import path

from rotative.pronostics import reminder_views

app_name = "pronostics"

urlpatterns = [
    path("rappels/", reminder_views.reminders, name="reminders"),
    path("rappels/arreter/<str:token>/", reminder_views.reminders_stop, name="reminders_stop"),
]
