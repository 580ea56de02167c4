from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "onewindow.trust"
    verbose_name = "告知承诺与信用"
