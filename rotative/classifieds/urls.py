from django.urls import path
from django.views.generic import RedirectView

from rotative.alerts import views as alerts_views
from rotative.classifieds import views

app_name = "classifieds"

urlpatterns = [
    path("", views.search, name="search"),
    path("deposer/", views.post, name="post"),
    path("mes-annonces/", views.mine, name="mine"),
    # « Mes alertes » of every part is /alertes/ now; stop links already mailed still work.
    path(
        "alertes/",
        RedirectView.as_view(pattern_name="alerts:list", permanent=True),
        name="alerts_moved",
    ),
    path("alertes/arreter/<str:token>/", alerts_views.stop, name="alert_stop"),
    path("<int:pk>/modifier/", views.post, name="edit"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/contacter/", views.contact, name="contact"),
    path("<int:pk>/signaler/", views.report, name="report"),
    path("<int:pk>/messages/<int:buyer_id>/", views.conversation, name="conversation"),
    path("<int:pk>/<str:action>/", views.owner_action, name="owner_action"),
    path("<int:pk>-<slug:slug>/", views.detail, name="detail"),
    path("<slug:category>/", views.search, name="category"),
]
