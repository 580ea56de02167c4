"""Ratings in the admin. Devices and section leadership are configuration and edited here;
ratings, rectifications, appeals, ballots, ranks, actions and checks are records changed only
by the services (which check the rules and audit), so here they are read-only."""

from django.contrib import admin

from .models import (
    Appeal,
    BallotInvitation,
    ConsequenceAction,
    Rating,
    RatingDevice,
    Rectification,
    ReviewCampaign,
    SectionBallot,
    SectionLeadership,
    SectionRank,
    UndercoverCheck,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "case",
        "level",
        "channel",
        "source",
        "department",
        "window",
        "staff",
        "excluded",
    ]
    list_filter = ["level", "is_bad", "channel", "source", "excluded", "department"]
    search_fields = ["case__number", "comment", "applicant__name", "department__name"]
    list_select_related = ["case", "department", "window__service_point", "staff"]
    date_hierarchy = "created_at"


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = [
        "rating",
        "status",
        "department",
        "responsible",
        "verify_due_date",
        "rectify_due_date",
        "escalated_at",
    ]
    list_filter = ["status", "outcome", "department"]
    search_fields = ["rating__case__number", "finding", "measures", "department__name"]
    list_select_related = ["rating__case", "department", "responsible"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["rating", "status", "filed_by", "filed_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["rating__case__number", "reason", "review_note"]
    list_select_related = ["rating__case", "filed_by", "reviewed_by"]


@admin.register(RatingDevice)
class RatingDeviceAdmin(admin.ModelAdmin):
    list_display = ["window", "is_active", "last_seen_at", "token"]
    list_filter = ["is_active", "window__service_point"]
    search_fields = ["window__name", "window__number", "window__service_point__name"]
    list_select_related = ["window__service_point"]
    autocomplete_fields = ["window"]
    readonly_fields = ["last_seen_at"]


@admin.register(SectionLeadership)
class SectionLeadershipAdmin(admin.ModelAdmin):
    list_display = ["section", "head_name", "leader_name", "head"]
    search_fields = ["section__name", "section__department__name", "head_name", "leader_name"]
    list_select_related = ["section__department", "head"]
    autocomplete_fields = ["section"]
    raw_id_fields = ["head"]


@admin.register(ReviewCampaign)
class ReviewCampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "quarter", "status", "opens_at", "closes_at", "published_at"]
    list_filter = ["status", "year"]
    search_fields = ["title"]


@admin.register(BallotInvitation)
class BallotInvitationAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "channel", "applicant", "section", "created_at", "used_at"]
    list_filter = ["channel", "campaign"]
    search_fields = ["applicant__name", "campaign__title"]
    list_select_related = ["campaign", "applicant", "section__department"]
    exclude = ["token"]  # a one-time ballot key is not shown again


@admin.register(SectionBallot)
class SectionBallotAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "section", "fault", "channel", "created_at"]
    list_filter = ["fault", "channel", "campaign"]
    search_fields = ["example", "section__name", "section__department__name"]
    list_select_related = ["campaign", "section__department"]


@admin.register(SectionRank)
class SectionRankAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "rank", "section", "votes", "worst_streak"]
    list_filter = ["campaign"]
    search_fields = ["section__name", "section__department__name"]
    list_select_related = ["campaign", "section__department"]


@admin.register(ConsequenceAction)
class ConsequenceActionAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "section", "kind", "target_name", "until_date", "status", "done_at"]
    list_filter = ["kind", "status", "campaign"]
    search_fields = ["section__name", "target_name", "note"]
    list_select_related = ["campaign", "section__department"]


@admin.register(UndercoverCheck)
class UndercoverCheckAdmin(ReadOnlyAdmin):
    list_display = ["check_date", "section", "inspector", "problem_found", "campaign"]
    list_filter = ["problem_found", "campaign"]
    search_fields = ["section__name", "inspector", "findings"]
    list_select_related = ["section__department", "campaign"]
