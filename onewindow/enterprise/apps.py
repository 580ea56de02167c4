from django.apps import AppConfig


class EnterpriseConfig(AppConfig):
    name = "onewindow.enterprise"
    verbose_name = "企业服务"

    def ready(self):
        from onewindow.cases.signals import case_moved

        from .receivers import on_case_moved

        case_moved.connect(on_case_moved, dispatch_uid="enterprise-case-moved")
