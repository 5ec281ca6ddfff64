from django.urls import path

from rotative.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("verifiez-votre-boite-mail/", views.check_mail, name="check_mail"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/supprimer/", views.erase, name="erase"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mon-compte/", views.account, name="account"),
    path("webhook/", views.webhook, name="webhook"),
    path("notifications/abonnement/", views.push_subscribe, name="push_subscribe"),
    path("notifications/desabonnement/", views.push_unsubscribe, name="push_unsubscribe"),
]
