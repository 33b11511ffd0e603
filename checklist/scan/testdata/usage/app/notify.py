# Fixture: how a project names its templates decides whether a template
# with no HTML tag is text (a push title rendered by a helper) or HTML.
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


class Transport:
    def tmpl(self, template_name, **ctx):
        return render_to_string(template_name, ctx).strip()

    def notify(self, check):
        # Named only as the first argument of a project helper: text.
        title = self.tmpl("app/push_title.html", check=check)
        body = self.tmpl(
            "app/sms_body.html",
            check=check,
        )
        # Also named by a view below: stays HTML.
        self.tmpl("app/fragment.html", check=check)
        # Also included by a template: stays HTML.
        self.tmpl("app/row.html", check=check)
        # Tagless but extends a page: stays HTML.
        self.tmpl("app/child.html", check=check)
        # The helper is handed the request: it may build a response.
        self.tmpl("app/with_request.html", request=self.request)
        # The helper's text is the HTTP response.
        return HttpResponse(self.tmpl("app/wrapped.html", check=check))

    def more(self, check):
        # A helper named like a renderer is a page entry point.
        render_snippet("app/snippet.html", check=check)
        # Has HTML tags: HTML whoever renders it.
        self.tmpl("app/tagged.html", check=check)
        # Also the template of a view class: stays HTML.
        self.tmpl("app/assigned.html", check=check)


def fragment(request):
    return render(request, "app/fragment.html", {"comment": request.GET["c"]})


class Detail:
    template_name = "app/assigned.html"
