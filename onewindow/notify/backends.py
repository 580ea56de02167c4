"""Where messages go. A backend has `send(message)`; it raises to report a failure.

settings.NOTIFY_BACKENDS maps a channel to the dotted path of a backend class; SMS
gateways differ by province and vendor, so a deployment adds its own class here or in
its own package and names it in the environment."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .choices import Channel

log = logging.getLogger("onewindow.notify")

DEFAULTS = {
    Channel.SMS: "onewindow.notify.backends.ConsoleBackend",
    Channel.EMAIL: "onewindow.notify.backends.ConsoleBackend",
}


class ConsoleBackend:
    """Writes the message to the log: the default, so a demo sends nothing anywhere."""

    def send(self, message) -> None:
        log.info(
            "[%s] to %s: %s %s",
            message.channel,
            message.recipient,
            message.subject,
            message.body,
        )


class EmailBackend:
    """E-mail through Django's mail settings (EMAIL_HOST, DEFAULT_FROM_EMAIL…)."""

    def send(self, message) -> None:
        send_mail(
            message.subject or "一窗通办通知",
            message.body,
            None,
            [message.email],
            fail_silently=False,
        )


class FailingBackend:
    """Always fails: for tests and for checking that failures are recorded."""

    def send(self, message) -> None:
        raise RuntimeError("通道不可用")


def backend_path(channel: str) -> str:
    configured = getattr(settings, "NOTIFY_BACKENDS", {}) or {}
    return configured.get(channel) or DEFAULTS[channel]


def backend_for(channel: str):
    return import_string(backend_path(channel))()
