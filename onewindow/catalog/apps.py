from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "onewindow.catalog"
    verbose_name = "事项目录"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # Importing the catalog cache connects its receivers, in every process from the
        # start: a change made by a command must reach the web processes that cache it.
        from . import cache, calendar  # noqa: F401
        from .models import CalendarYear, HolidayDay

        calendar.install()
        for model in (HolidayDay, CalendarYear):
            post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"cal-save-{model}")
            post_delete.connect(_calendar_changed, sender=model, dispatch_uid=f"cal-del-{model}")


def _calendar_changed(sender, **kwargs):
    from django.db import transaction

    from .calendar import bump_version

    transaction.on_commit(bump_version)
