from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators import csrf
from django.views.decorators.csrf import csrf_exempt

from . import views


@csrf_exempt  # want: csrf-exempt
def webhook(request):
    return None


@csrf.csrf_exempt  # want: csrf-exempt
def webhook2(request):
    return None


@method_decorator(csrf_exempt, name="dispatch")  # want: csrf-exempt
class Hook(View):
    pass


# @csrf_exempt in a comment is not code
def is_exempt(view):
    return getattr(view, "csrf_exempt", False) or view.csrf_exempt


views.legacy.csrf_exempt = True  # want: csrf-exempt

urlpatterns = [
    path("hook/", csrf_exempt(views.hook)),  # want: csrf-exempt
    path("ok/", views.ok),
]
