"""Who the app is signed in as: the few facts its screens need, nothing else of the account."""

from datetime import datetime

from ninja import Field, Router, Schema

from rotative.accounts.selectors import account_email_confirmed, display_name_of
from rotative.api.auth import READER
from rotative.api.errors import AUTH_ERRORS, ErrorOut

router = Router(tags=["Mon compte"])


class MeOut(Schema):
    id: int
    display_name: str = Field(..., description="Le nom sous lequel le lecteur apparaît.")
    email: str
    email_confirmed: bool = Field(..., description="Faux tant que l'adresse n'est pas confirmée.")
    date_joined: datetime


@router.get(
    "", response={400: ErrorOut, 200: MeOut, **AUTH_ERRORS}, auth=READER, summary="Mon compte"
)
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "display_name": display_name_of(user=user),
        "email": user.email,
        "email_confirmed": account_email_confirmed(user=user),
        "date_joined": user.date_joined,
    }
