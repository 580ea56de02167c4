from django.urls import path

from . import notice_views
from .views import applicant, desk, inbox, public, supervision, timeline, workbench

app_name = "cases"

urlpatterns = [
    # Window workbench (综合窗口)
    path("workbench/", workbench.workbench, name="workbench"),
    path("workbench/applicants/", workbench.register_applicant, name="register_applicant"),
    path("workbench/new/", workbench.new_case, name="new_case"),
    # Department inbox and supervision
    path("inbox/", inbox.inbox, name="inbox"),
    path("overdue/", supervision.overdue, name="overdue"),
    # Applicants
    path("apply/<str:kind>/<str:code>/", applicant.apply, name="apply"),
    path("mine/", applicant.mine, name="mine"),
    # Public progress lookup; notice QR codes point at progress_case
    path("progress/", public.progress, name="progress"),
    path("progress/<str:number>/", public.progress, name="progress_case"),
    # One case: its page and the actions on it
    path("<str:number>/", timeline.detail, name="detail"),
    path("<str:number>/pre-review/", desk.pre_review, name="pre_review"),
    path("<str:number>/accept/", desk.accept, name="accept"),
    path("<str:number>/supplement/receive/", desk.receive_supplement, name="receive_supplement"),
    path("<str:number>/supplement/upload/", applicant.upload_supplement, name="upload_supplement"),
    path("<str:number>/deliver/", desk.deliver, name="deliver"),
    path("<str:number>/close/", desk.close, name="close"),
    path("<str:number>/withdraw/", applicant.withdraw, name="withdraw"),
    path("<str:number>/reviews/<int:review_id>/", inbox.decide, name="decide"),
    path("<str:number>/suspend/", inbox.suspend, name="suspend"),
    path("<str:number>/resume/", inbox.resume, name="resume"),
    path("<str:number>/materials/<int:material_id>/", timeline.material_file, name="material_file"),
    path("<str:number>/notices/<int:notice_id>.pdf", notice_views.notice_pdf, name="notice_pdf"),
]
