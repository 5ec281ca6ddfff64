"""What one app announces and others may listen to, so that neither imports the other.

The sender names the signal here, the listeners connect from their AppConfig.ready(): the
app that acts (live) does not know who reacts (the newsletter), and the app that reacts does
not import the one that acts.
"""

from django.dispatch import Signal

# A flagged En direct entry from a feed readers may follow, when it is posted or when an edit
# sets its flag; keyword `entry` (a live.LiveEntry). Sent by live.services inside the
# publishing transaction, so that what a receiver writes is committed or rolled back with the
# entry, and what it sets off goes through transaction.on_commit. Sent again at each edit of
# a flagged entry: the receiver makes sure it reacts once per entry. What a receiver may read
# of the entry: `body`, `article`, `published_at` and `reader_path()`, the address where
# readers read it.
breaking_entry_posted = Signal()

# A professional account that is not, or no longer, verified: its details changed (checked
# again) or a moderator refused them or withdrew the mark; keyword `professional` (an
# accounts.Professional, its `pk` and `status` readable). Sent by accounts.services inside the
# transaction that changes it, every time it is set to a state other than verified, so that a
# receiver (the job board, which takes its offers offline) needs no memory of the state before.
professional_unverified = Signal()
