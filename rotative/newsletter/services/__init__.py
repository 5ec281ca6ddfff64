"""Writes and workflows of the newsletter: who receives what (`subscriptions`), the sending
engine (`sending`), breaking-news and topic alerts (`alerts`). The morning letter has its own
package (`newsletter.digest`); Web Push is `newsletter.push`, the one module that talks to
push services."""

from rotative.newsletter.services.alerts import (
    alert_dispatch,
    alert_push,
    alerts_gathered,
    article_published,
    breaking_alert_send,
    topic_alerts_close_unfollowed,
)
from rotative.newsletter.services.sending import (
    SmtpUnavailable,
    mail_one,
    mailing_queue,
    mailing_send,
    mailings_resume,
)
from rotative.newsletter.services.subscriptions import (
    SOURCE_ACCOUNT,
    SOURCE_ONE_CLICK,
    SOURCE_PREFERENCES,
    account_newsletter_erase,
    account_subscriber_ensure,
    address_suppress,
    email_hash,
    email_normalize,
    push_subscription_delete,
    push_subscription_save,
    signup_wording,
    subscriber_confirm,
    subscriber_erase,
    subscriber_preferences_update,
    subscriber_signup,
    subscriber_unsubscribe,
)

__all__ = [
    "SOURCE_ACCOUNT",
    "SOURCE_ONE_CLICK",
    "SOURCE_PREFERENCES",
    "SmtpUnavailable",
    "account_newsletter_erase",
    "account_subscriber_ensure",
    "address_suppress",
    "alert_dispatch",
    "alert_push",
    "alerts_gathered",
    "article_published",
    "breaking_alert_send",
    "email_hash",
    "email_normalize",
    "mail_one",
    "mailing_queue",
    "mailing_send",
    "mailings_resume",
    "push_subscription_delete",
    "push_subscription_save",
    "signup_wording",
    "subscriber_confirm",
    "subscriber_erase",
    "subscriber_preferences_update",
    "subscriber_signup",
    "subscriber_unsubscribe",
    "topic_alerts_close_unfollowed",
]
