from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onewindow.accounts"
    verbose_name = "用户与角色"
