import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_english_is_available_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_caches_key_on_the_language_cookie_not_the_browsers_language(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert "cookie" in vary and "accept-language" not in vary
