from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "onewindow.trust"
    verbose_name = "告知承诺与信用"

    def ready(self):
        from onewindow.cases.signals import case_moved

        from .handlers import issue_same_day_license

        case_moved.connect(issue_same_day_license, dispatch_uid="trust.same_day_license")
