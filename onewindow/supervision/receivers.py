"""The supervision app listens to cases: a case concluded after its limit gets its overdue
record at once, in the transaction that concluded it, if no sweep has opened one yet."""

from onewindow.cases.choices import CONCLUDED

from .services.accountability import open_for_late_conclusion


def on_case_moved(sender, *, case, before, after, actor, **kwargs):
    if after in CONCLUDED and before not in CONCLUDED:
        open_for_late_conclusion(case, actor)
