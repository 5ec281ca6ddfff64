"""/compte/a-lire/: « À lire plus tard », and the buttons of the articles, ads and events."""

from django.urls import path

from rotative.bookmarks import views

app_name = "bookmarks"

urlpatterns = [
    path("", views.listing, name="list"),
    path("enregistrer/<str:kind>/<int:pk>/", views.add, name="add"),
    path("retirer/<str:kind>/<int:pk>/", views.remove, name="remove"),
]
