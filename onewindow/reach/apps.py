from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "onewindow.reach"
    verbose_name = "服务延伸"
