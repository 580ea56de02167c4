"""Pre-review and appointment pages. Included by hall/urls.py (namespace "hall") with
path("", include("onewindow.hall.urls_public")), so names are hall:prereview_… / hall:appointment_…"""

from django.urls import path

from .views import appointments, prereview

urlpatterns = [
    # The pre-review desk (clerks)
    path("prereview/", prereview.desk, name="prereview_desk"),
    path("prereview/matters/<int:matter_id>/", prereview.check, name="prereview_check"),
    path("prereview/<int:review_id>/", prereview.result, name="prereview_result"),
    # Booking on the web, and the applicant's own bookings
    path("appointments/", appointments.book, name="appointment_book"),
    path("appointments/mine/", appointments.mine, name="appointment_mine"),
    path("appointments/code/<str:code>/", appointments.detail, name="appointment_detail"),
    path("appointments/code/<str:code>/cancel/", appointments.cancel, name="appointment_cancel"),
    # The kiosk of a service point: check in with the code or the phone number
    path("<str:point_code>/check-in/", appointments.check_in, name="appointment_check_in"),
]
