"""The supervision app listens to cases and ratings. A bad rating deducts from the person
rated (an appeal that excludes it voids that). A case concluded after its limit gets its overdue
record at once, in the transaction that concluded it, if no sweep has opened one yet."""

from onewindow.cases.choices import CONCLUDED

from .services.accountability import open_for_late_conclusion
from .services.ratings import deduct_for_bad_rating, void_for_excluded_rating


def on_case_moved(sender, *, case, before, after, actor, **kwargs):
    if after in CONCLUDED and before not in CONCLUDED:
        open_for_late_conclusion(case, actor)


def on_rating_submitted(sender, *, rating, actor, **kwargs):
    deduct_for_bad_rating(rating)


def on_rating_excluded(sender, *, rating, actor, **kwargs):
    void_for_excluded_rating(rating)
