from django.urls import path

from rotative.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.saved_searches, name="list"),
    path("arreter/<str:token>/", views.stop, name="stop"),
]
