"""Writes and workflows of the classifieds: ads from draft to moderation and their photos
(`ads`) and messages between buyer and seller (`messaging`). Photos are checked and
re-encoded before they reach a service, by `classifieds.photos`. Saved searches and their
alerts are the alerts app's, told what a search of ads is by `classifieds.saved_searches`."""

from rotative.classifieds.services.ads import (
    AdError,
    ad_approve,
    ad_delete,
    ad_draft_save,
    ad_mark_sold,
    ad_photos_update,
    ad_reject,
    ad_renew,
    ad_report,
    ad_reports_dismiss,
    ad_submit,
    ads_remind_renewal,
    pending_photos_keep,
    pending_photos_purge,
)
from rotative.classifieds.services.messaging import (
    AdRateLimited,
    ad_message_reply,
    ad_message_send,
    message_notify,
)

__all__ = [
    "AdError",
    "AdRateLimited",
    "ad_approve",
    "ad_delete",
    "ad_draft_save",
    "ad_mark_sold",
    "ad_message_reply",
    "ad_message_send",
    "ad_photos_update",
    "ad_reject",
    "ad_renew",
    "ad_report",
    "ad_reports_dismiss",
    "ad_submit",
    "ads_remind_renewal",
    "message_notify",
    "pending_photos_keep",
    "pending_photos_purge",
]
