"""/compte/: the reader's own pages, then allauth's, French addresses where readers see them."""

from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from allauth.usersessions import views as usersessions_views
from django.urls import include, path, re_path

from rotative.accounts import views

urlpatterns = [
    path("", views.profile, name="accounts_profile"),
    path("donnees/", views.data_download, name="accounts_data"),
    path("professionnel/", views.professional, name="accounts_professional"),
    path("supprimer/", views.account_delete, name="accounts_delete"),
    # Before allauth's own: ending the other sessions asks for the password again (ASVS 7.5.2).
    path(
        "sessions/",
        reauthentication_required(usersessions_views.list_usersessions, allow_get=True),
        name="usersessions_list",
    ),
    # Before allauth's, with its very pattern (nested as allauth nests it, so that its route
    # reads the same): where the link lands depends on the browser that opens it.
    path(
        "",
        include(
            [
                re_path(
                    r"^confirm-email/(?P<key>[-:\w]+)/$",
                    views.ConfirmEmailView.as_view(),
                    name="account_confirm_email",
                )
            ]
        ),
    ),
    path("", include("allauth.urls")),
    # The same views again under French addresses. reverse() returns the last pattern of a
    # name, so every link points here; allauth's English addresses keep working.
    path("connexion/", allauth_views.login, name="account_login"),
    path("inscription/", allauth_views.signup, name="account_signup"),
    path("deconnexion/", allauth_views.logout, name="account_logout"),
    path("e-mail/", allauth_views.email, name="account_email"),
    path("mot-de-passe/", allauth_views.password_change, name="account_change_password"),
    path("mot-de-passe/oubli/", allauth_views.password_reset, name="account_reset_password"),
    path(
        "mot-de-passe/oubli/envoye/",
        allauth_views.password_reset_done,
        name="account_reset_password_done",
    ),
    path(
        "confirmation/",
        allauth_views.email_verification_sent,
        name="account_email_verification_sent",
    ),
]

# Wagtail's own login and password reset, closed (see views.login_elsewhere): these come
# before the Wagtail includes in rotative/urls.py, so that they answer first.
side_door_urlpatterns = [
    path("admin/login/", views.login_elsewhere, {"default_next": "/admin/"}),
    path("admin/password_reset/", views.password_reset_elsewhere),
    path("admin/password_reset/<path:rest>", views.password_reset_elsewhere),
    path("_util/login/", views.login_elsewhere, {"default_next": "/"}),
]
