"""The automatic 差评 deduction: a bad rating of a person costs them the item's points in the
month it was given; an appeal that excludes the rating voids it. Receivers make them as
ratings come in; `bad_rating_deductions_sync` catches up on ratings written in bulk (history,
imports) and runs before a month is scored."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from onewindow.ratings.models import Rating

from ..choices import BAD_RATING
from ..models import Deduction, DeductionItem
from .assessment import month_start


def _source(rating_id: int) -> str:
    return f"rating:{rating_id}"


def _deduction(rating: Rating, item: DeductionItem) -> Deduction:
    return Deduction(
        staff_id=rating.staff_id,
        item=item,
        month=month_start(timezone.localdate(rating.created_at)),
        occurred_at=rating.created_at,
        points=item.points,
        note=f"差评（{rating.get_level_display()}）",
        case_id=rating.case_id,
        source=_source(rating.pk),
    )


def deduct_for_bad_rating(rating: Rating) -> None:
    if not rating.is_bad or rating.excluded or rating.staff_id is None:
        return
    item = DeductionItem.objects.filter(code=BAD_RATING, is_active=True).first()
    if item is not None:
        Deduction.objects.bulk_create([_deduction(rating, item)], ignore_conflicts=True)


def void_for_excluded_rating(rating: Rating) -> None:
    Deduction.objects.filter(source=_source(rating.pk), voided_at__isnull=True).update(
        voided_at=timezone.now(), void_reason=f"差评经申诉复核核销：{rating.excluded_reason[:150]}"
    )


def bad_rating_deductions_sync(month: date) -> int:
    """Deductions for the month's bad ratings that have none, voids for excluded ones. Three
    queries whatever the number of ratings."""
    month = month_start(month)
    end = month_start(month + timedelta(days=32))
    item = DeductionItem.objects.filter(code=BAD_RATING, is_active=True).first()
    if item is None:
        return 0
    start_at = timezone.make_aware(datetime.combine(month, time.min))
    end_at = timezone.make_aware(datetime.combine(end, time.min))
    ratings = Rating.objects.filter(
        is_bad=True, staff__isnull=False, created_at__gte=start_at, created_at__lt=end_at
    ).only("id", "staff_id", "case_id", "level", "created_at", "excluded", "excluded_reason")
    ratings = list(ratings)
    made = Deduction.objects.bulk_create(
        [_deduction(r, item) for r in ratings if not r.excluded], ignore_conflicts=True
    )
    excluded = [_source(r.pk) for r in ratings if r.excluded]
    if excluded:
        Deduction.objects.filter(source__in=excluded, voided_at__isnull=True).update(
            voided_at=timezone.now(), void_reason="差评经申诉复核核销"
        )
    return len(made)
