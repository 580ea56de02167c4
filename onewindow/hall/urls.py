"""The hall's pages, mounted at /hall/ by the project urls."""

from django.urls import include, path

from .views import board, kiosk, manager, status, window

app_name = "hall"

urlpatterns = [
    # Pre-review desk and appointments first: their fixed prefixes must win over <point_code>.
    path("", include("onewindow.hall.urls_public")),
    path("window/", window.window_page, name="window"),
    path("window/do/<str:action>/", window.window_action, name="window_action"),
    path("ticket/<int:ticket_id>/<str:token>/", status.ticket_status, name="ticket_status"),
    path("<str:point_code>/kiosk/", kiosk.kiosk, name="kiosk"),
    path("<str:point_code>/take/", kiosk.take, name="take"),
    path("<str:point_code>/board/", board.board, name="board"),
    path("<str:point_code>/board.json", board.board_json, name="board_json"),
    path("<str:point_code>/manager/", manager.manager, name="manager"),
    path(
        "<str:point_code>/manager/window/<int:window_id>/<str:action>/",
        manager.window_toggle,
        name="window_toggle",
    ),
]
