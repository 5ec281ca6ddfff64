"""« Appareils connectés » (/compte/appareils/): where the reader's app is signed in."""

from django.urls import path

from rotative.api import views

app_name = "api_devices"
urlpatterns = [
    path("", views.devices, name="list"),
    path("<int:token_id>/deconnecter/", views.device_revoke, name="revoke"),
]
