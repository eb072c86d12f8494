from django.urls import path

from journeys import views

app_name = "journeys"

urlpatterns = [
    path("", views.stage_list, name="stage_list"),
    path("new/", views.stage_create, name="stage_create"),
    path("<int:stage_id>/edit/", views.stage_edit, name="stage_edit"),
    path("<int:stage_id>/delete/", views.stage_delete, name="stage_delete"),
    path("<int:stage_id>/move/", views.stage_move, name="stage_move"),
]
