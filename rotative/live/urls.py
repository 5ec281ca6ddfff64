from django.urls import path

from rotative.live import views

app_name = "live"

urlpatterns = [
    path("", views.feed_page, name="feed"),
    path("flux/", views.stream, name="stream"),
    path("evenements.json", views.poll, name="poll"),
]
