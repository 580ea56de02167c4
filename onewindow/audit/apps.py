from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "onewindow.audit"
    verbose_name = "审计日志"
