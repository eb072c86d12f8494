from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("registers/<uuid:register_id>/", views.register_overview, name="register"),
    path("registers/<uuid:register_id>/map/", views.journey_map, name="journey_map"),
    path("registers/<uuid:register_id>/heatmap/", views.heatmap, name="heatmap"),
]
