from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "onewindow.supervision"
    verbose_name = "效能监督"

    def ready(self):
        from onewindow.cases.signals import case_moved
        from onewindow.ratings.signals import rating_excluded, rating_submitted

        from . import receivers

        case_moved.connect(receivers.on_case_moved, dispatch_uid="supervision.late_conclusion")
        rating_submitted.connect(receivers.on_rating_submitted, dispatch_uid="supervision.bad")
        rating_excluded.connect(receivers.on_rating_excluded, dispatch_uid="supervision.void")
