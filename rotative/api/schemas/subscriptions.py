"""What the app reads and sends of the letters, the saved searches and the devices
(routers/subscriptions.py)."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from rotative.core.utils import MAX_ID

MAX_CHOICES = 200
# Ids the database can hold: a larger one would overflow in the form's lookup, not be refused.
IdList = list[Annotated[int, Field(ge=1, le=MAX_ID)]]


class FollowableSectionOut(Schema):
    id: int
    title: str


class TagOut(Schema):
    id: int
    name: str


class FollowedCommuneOut(Schema):
    id: int
    name: str
    postal_code: str
    label: str = Field(..., description="« Granville (50400) ».")


class ChoicesOut(Schema):
    sections: list[FollowableSectionOut] = Field(
        ..., description="Les rubriques qui peuvent être suivies."
    )
    tags: list[TagOut] = Field(..., description="Les sujets suivis et les plus suivis du site.")


class SubscriptionsOut(Schema):
    email: str = Field(..., description="L'adresse où partent les lettres.")
    status: Literal["none", "pending", "confirmed", "unsubscribed", "suppressed"] = Field(
        ...,
        description="none : jamais inscrit ; unsubscribed/suppressed : ne reçoit rien "
        "(enregistrer ses choix l'inscrit à nouveau).",
    )
    receiving: bool = Field(..., description="Vrai si des lettres partent vers cette adresse.")
    morning: bool = Field(..., description="La lettre du matin.")
    breaking: bool = Field(..., description="Les alertes info.")
    sections: list[FollowableSectionOut]
    tags: list[TagOut]
    communes: list[FollowedCommuneOut]
    choices: ChoicesOut


class SubscriptionsIn(Schema):
    morning: bool
    breaking: bool
    sections: IdList = Field([], max_length=MAX_CHOICES, description="Ids de `choices.sections`.")
    tags: IdList = Field([], max_length=MAX_CHOICES, description="Ids de `choices.tags` à suivre.")
    add_tag: str = Field("", max_length=100, description="Suivre un autre sujet, par son nom.")
    communes: IdList = Field(
        [], max_length=MAX_CHOICES, description="Ids des communes déjà suivies à garder."
    )
    add_commune: str = Field(
        "", max_length=120, description="Suivre une commune (nom ou code postal)."
    )


class SavedSearchOut(Schema):
    id: int
    label: str
    kind: str = Field(..., description="annonces, agenda, emplois…")
    kind_label: str = Field(..., description="« Petites annonces », « Agenda des sorties »…")
    frequency: Literal["instant", "daily"]
    frequency_label: str
    push: bool = Field(..., description="Aussi par notification sur les appareils du lecteur.")
    created_at: datetime
    url: str = Field(..., description="La recherche sur le site.")


class SavedSearchPatchIn(Schema):
    frequency: Literal["instant", "daily"] | None = None
    push: bool | None = None


class PushKeysIn(Schema):
    p256dh: str = Field(..., max_length=100)
    auth: str = Field(..., max_length=50)


class PushSubscriptionIn(Schema):
    """What PushManager.subscribe() gives (its toJSON()), and what the device is for."""

    endpoint: str = Field(..., max_length=1000, description="L'adresse https du service push.")
    keys: PushKeysIn
    breaking_news: bool = Field(
        True,
        description="Vrai : les alertes info et les alertes du lecteur ; faux : les alertes "
        "de ses recherches et ses rappels seulement.",
    )


class NoticeOut(Schema):
    message: str


class VapidKeyOut(Schema):
    vapid_public_key: str = Field(..., description="L'applicationServerKey de subscribe().")
