from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onewindow.accounts"
    verbose_name = "用户与角色"

    def ready(self):
        # The token cache's receivers, in every process from the start: a token revoked by
        # a command or a worker that never loaded the API must still reach the web
        # processes that cache it.
        from . import auth  # noqa: F401
