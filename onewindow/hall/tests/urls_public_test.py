"""The project's urls (which mount the pre-review and appointment pages under /hall/)."""

from onewindow.urls import urlpatterns

__all__ = ["urlpatterns"]
