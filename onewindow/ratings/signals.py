"""What ratings tell later apps (supervision deducts points for a bad rating, stats count).

`rating_submitted` is sent inside the transaction that wrote the rating (and its
rectification, when bad): kwargs `rating` and `actor`. `rating_excluded` is sent when an
appeal excludes a rating: kwargs `rating` and `actor`; a receiver undoes what it derived.
`rectification_closed` is sent when the revisit closes a bad rating's rectification: kwargs
`rectification` and `actor`."""

from django.dispatch import Signal

rating_submitted = Signal()
rating_excluded = Signal()
rectification_closed = Signal()
