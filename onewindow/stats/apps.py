from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "onewindow.stats"
    verbose_name = "统计分析"

    def ready(self):
        from onewindow.cases.signals import case_moved
        from onewindow.ratings.signals import (
            rating_excluded,
            rating_submitted,
            rectification_closed,
        )

        from . import rollups

        case_moved.connect(rollups.on_case_moved, dispatch_uid="stats.case_rollup")
        rating_submitted.connect(rollups.on_rating_submitted, dispatch_uid="stats.rating_rollup")
        rating_excluded.connect(rollups.on_rating_excluded, dispatch_uid="stats.rating_void")
        rectification_closed.connect(
            rollups.on_rectification_closed, dispatch_uid="stats.rectified"
        )
