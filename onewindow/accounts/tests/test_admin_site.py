"""Every model in the admin opens: its list with a search and its add page where adding is allowed."""

import pytest
from django.contrib import admin
from django.urls import reverse

MODELS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), MODELS, ids=[m._meta.label for m, _ in MODELS])
def test_every_admin_list_and_add_page_opens(admin_client, model, model_admin):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    listing = admin_client.get(reverse(f"{prefix}_changelist"), {"q": "清江"})
    assert listing.status_code == 200
    add = admin_client.get(reverse(f"{prefix}_add"))
    assert add.status_code in (200, 403)


@pytest.mark.django_db
def test_the_admin_speaks_chinese(admin_client):
    assert "系统管理" in admin_client.get("/admin/").content.decode()
