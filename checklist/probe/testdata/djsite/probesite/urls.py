from django.contrib import admin
from django.http import HttpResponse
from django.urls import path


def home(request):
    # Touching the session makes Django set the session cookie, as a login would.
    request.session["seen"] = True
    return HttpResponse("<!doctype html><title>probe site</title><p>hello</p>")


urlpatterns = [
    path("", home),
    path("admin/", admin.site.urls),
]
