from django.apps import AppConfig


class EnterpriseConfig(AppConfig):
    name = "onewindow.enterprise"
    verbose_name = "企业服务"
