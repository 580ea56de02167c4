from django.apps import AppConfig


class LicensesConfig(AppConfig):
    name = "onewindow.licenses"
    verbose_name = "电子证照"

    def ready(self):
        from onewindow.cases.signals import case_moved

        from .handlers import issue_on_approval

        case_moved.connect(issue_on_approval, dispatch_uid="licenses.issue_on_approval")
