"""The enterprise pages, mounted at /enterprise/ by the project urls."""

from django.urls import path

from .views import demands, projects

app_name = "enterprise"

urlpatterns = [
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/", projects.project_new, name="project_new"),
    path("projects/report/", projects.report, name="report"),
    path("projects/<str:code>/", projects.project_detail, name="project"),
    path("projects/<str:code>/members/", projects.project_member_add, name="project_member_add"),
    path("projects/<str:code>/reschedule/", projects.project_reschedule, name="project_reschedule"),
    path(
        "projects/<str:code>/milestones/<int:milestone_id>/<str:action>/",
        projects.milestone_action,
        name="milestone_action",
    ),
    path("demands/", demands.demand_list, name="demands"),
    path("demands/new/", demands.demand_new, name="demand_new"),
    path("demands/board/", demands.board, name="board"),
    path("demands/<str:number>/", demands.demand_detail, name="demand"),
    path("demands/<str:number>/<str:action>/", demands.demand_action, name="demand_action"),
]
