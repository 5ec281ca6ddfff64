from django.urls import path

from rotative.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.search, name="search"),
    path("deposer/", views.post, name="post"),
    path("mes-offres/", views.mine, name="mine"),
    path("mes-offres/<int:pk>/modifier/", views.edit, name="edit"),
    path("mes-offres/<int:pk>/renouveler/", views.renew, name="renew"),
    path("mes-offres/<int:pk>/pourvue/", views.close, name="close"),
    path("mes-offres/<int:pk>/candidatures/", views.applications, name="applications"),
    path("mes-candidatures/", views.my_applications, name="my_applications"),
    path("candidatures/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("<int:pk>-<slug:slug>/", views.offer, name="offer"),
    path("<int:pk>/postuler/", views.apply, name="apply"),
]
