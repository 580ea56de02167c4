"""The interface language: Chinese unless the person chose another on the site."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language: a hall
    kiosk or an English-language browser must not turn half the pages English. The
    language changes only through the language cookie set by /i18n/setlang/."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The language comes from the cookie alone: no URL carries one (no i18n_patterns)
        # and Accept-Language is ignored, so a cache must key on the cookie, not on
        # Accept-Language as Django's middleware says (which also parsed every path).
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
