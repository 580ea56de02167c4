from django.apps import AppConfig


class HallConfig(AppConfig):
    name = "onewindow.hall"
    verbose_name = "大厅管理"
