"""URLs of care work: my children, contacts, carers and pairings."""

from django.urls import path

from . import correction_views, views

app_name = "care"

urlpatterns = [
    path("mine/", views.my_children, name="mine"),
    path("children/<int:pk>/contact/", views.contact_create, name="contact_create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path(
        "contacts/<int:pk>/correct/",
        correction_views.contact_correct_view,
        name="contact_correct",
    ),
    path(
        "contacts/<int:pk>/withdraw/",
        correction_views.contact_withdraw_view,
        name="contact_withdraw",
    ),
    path("carers/", views.carer_list, name="carer_list"),
    path("carers/new/", views.carer_create, name="carer_create"),
    path("carers/<int:pk>/", views.carer_detail, name="carer_detail"),
    path("carers/<int:pk>/edit/", views.carer_edit, name="carer_edit"),
    path("carers/<int:pk>/active/", views.carer_active, name="carer_active"),
    path("pairings/", views.pairing_list, name="pairing_list"),
    path("pairings/new/", views.pairing_create, name="pairing_create"),
    path("pairings/bulk/", views.pairing_bulk, name="pairing_bulk"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
]
