"""The trust pages, mounted at /trust/ by the project urls."""

from django.urls import path

from . import views

app_name = "trust"

urlpatterns = [
    path("", views.index, name="index"),
    path("pledge/<str:number>/", views.pledge, name="pledge"),
    path("pledge/<str:number>/sample.pdf", views.pledge_sample_pdf, name="pledge_sample_pdf"),
    path("commitments/<int:commitment_id>/", views.commitment, name="commitment"),
    path(
        "commitments/<int:commitment_id>/letter.pdf", views.commitment_letter_pdf, name="letter_pdf"
    ),
    path(
        "commitments/<int:commitment_id>/revocation.pdf",
        views.revocation_pdf,
        name="revocation_pdf",
    ),
    path(
        "commitments/<int:commitment_id>/items/<int:item_id>/upload/",
        views.item_upload,
        name="item_upload",
    ),
    path(
        "commitments/<int:commitment_id>/items/<int:item_id>/verify/",
        views.item_verify,
        name="item_verify",
    ),
    path(
        "commitments/<int:commitment_id>/items/<int:item_id>/file",
        views.item_file,
        name="item_file",
    ),
    path(
        "commitments/<int:commitment_id>/rectification/", views.rectification, name="rectification"
    ),
    path("dishonest/", views.dishonest, name="dishonest"),
    path("credit/", views.credit, name="credit"),
    path("credit/<int:record_id>/repair/", views.credit_repair, name="credit_repair"),
    path("stats/", views.stats, name="stats"),
]
