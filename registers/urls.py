from django.urls import path

from registers import views

app_name = "registers"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("new/", views.register_create, name="create"),
    path("<uuid:register_id>/edit/", views.register_edit, name="edit"),
    path("<uuid:register_id>/archive/", views.register_archive, name="archive"),
]
