from django.urls import path

from rotative.ops import views

app_name = "ops"

# Answered by HealthCheckMiddleware first; these give them names and a place in the tables.
urlpatterns = [
    path("", views.liveness, name="liveness"),
    path("pret/", views.readiness, name="readiness"),
    path("metriques/", views.metrics_view, name="metrics"),
]
