from django.urls import path

from rotative.agenda import organiser_views, views

app_name = "agenda"

urlpatterns = [
    path("", views.listing, name="listing"),
    path("agenda.ics", views.listing_ics, name="listing_ics"),
    path("proposer/", views.submit, name="submit"),
    path("sortie/<int:pk>-<slug:slug>/", views.event, name="event"),
    path("sortie/<int:pk>-<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("lieu/<slug:slug>/", views.venue, name="venue"),
    path("mes-sorties/", organiser_views.mine, name="mine"),
    path("mes-sorties/<int:pk>/modifier/", organiser_views.edit, name="organiser_edit"),
    path("mes-sorties/<int:pk>/supprimer/", organiser_views.delete, name="organiser_delete"),
]

urlpatterns += [
    path("concerts/", views.concerts, name="concerts"),
    path("concerts.ics", views.concerts_ics, name="concerts_ics"),
]
