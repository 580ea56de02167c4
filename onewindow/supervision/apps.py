from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "onewindow.supervision"
    verbose_name = "效能监督"

    def ready(self):
        from onewindow.cases.signals import case_moved

        from .receivers import on_case_moved

        case_moved.connect(on_case_moved, dispatch_uid="supervision.late_conclusion")
