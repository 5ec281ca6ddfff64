"""At the site's root: a service worker's scope is its folder, and the manifest, the icons
iOS asks for and the two pages read best there."""

from django.urls import path

from rotative.mobile import views

app_name = "mobile"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
    path("icones/<str:icon>.png", views.icon, name="icon"),
    path("application/", views.app, name="app"),
    path("hors-ligne/", views.offline, name="offline"),
]
