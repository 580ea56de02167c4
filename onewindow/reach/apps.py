from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "onewindow.reach"
    verbose_name = "服务延伸"

    def ready(self):
        from onewindow.cases.signals import case_moved

        from .receivers import on_case_moved

        case_moved.connect(on_case_moved, dispatch_uid="reach-case-moved")
