from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "onewindow.supervision"
    verbose_name = "效能监督"
