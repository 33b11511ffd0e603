"""Calls to functions and methods defined in the same file are followed.

A trailing "!" in a want annotation means request data reaches the sink (a failure).
"""
from functools import cache

from django import template
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def view_defined_before_its_helper(request):
    return mark_safe("<b>%s</b>" % search_term(request))  # want: xss-mark-safe!


def search_term(request):
    return request.GET["q"]


def bold(text):
    return "<b>%s</b>" % text


def bold_escaped(text):
    return "<b>%s</b>" % escape(text)


def argument_from_the_request(request):
    a = mark_safe(bold(request.GET["q"]))  # want: xss-mark-safe!
    return a, mark_safe(bold_escaped(request.GET["q"]))


def argument_a_parameter(name):
    return mark_safe(bold(name))  # want: xss-mark-safe


def argument_a_literal():
    return mark_safe(bold("Saved"))


@cache
def _ancestors_cte():
    if connection.vendor == "oracle":
        sql = "WITH ancestors AS (SELECT id FROM {0})"
    else:
        sql = "WITH RECURSIVE ancestors AS (SELECT id FROM {0})"
    return sql.format(connection.ops.quote_name("cms_plugin"))


def where(term):
    return "name = '%s'" % term


def constant_helper(cursor, pk):
    cursor.execute(f"{_ancestors_cte()} SELECT id FROM ancestors", [pk])


def built_by_a_helper(cursor, request):
    cursor.execute(f"SELECT * FROM t WHERE {where(request.GET['q'])}")  # want: sql-fstring!


@register.filter()
def isodate(value):
    return mark_safe(f"<span>{value.isoformat()}</span>")


@register.filter()
def isotime(value, spec="seconds"):
    if value.tzinfo:
        return value.isoformat(timespec=spec)
    return ""


def registered_filters(value):
    return mark_safe(f"<time>{isodate(value)} {isotime(value)}</time>")


DEFAULT = object()


def pick(value=DEFAULT):
    return value


def parameter_left_to_its_default():
    return mark_safe(pick())  # want: xss-mark-safe


def join_all(*parts):
    return "".join(parts)


def fill(**kw):
    return "<b>{name}</b>".format(**kw)


def collected_arguments(request):
    a = mark_safe(join_all("<b>", "</b>"))
    b = mark_safe(join_all("<b>", request.GET["x"]))  # want: xss-mark-safe!
    return a, b, mark_safe(fill(name=request.GET["n"]))  # want: xss-mark-safe!


def rows():
    for r in range(3):
        yield "<tr>%s</tr>" % r


def a_generator():
    return mark_safe("".join(rows()))  # want: xss-mark-safe


def opaque(fn):
    return fn


@opaque
def decorated():
    return "<br>"


def a_decorator_that_may_change_the_result():
    return mark_safe(decorated())  # want: xss-mark-safe


def countdown(n):
    return countdown(n - 1) if n else "<br>"


def recursion():
    return mark_safe(countdown(3))  # want: xss-mark-safe


def shadowed(bold):
    return mark_safe(bold("x"))  # want: xss-mark-safe


class Panel:
    def render_html(self):
        return "<div></div>"

    def render_missing_fields(self):
        return mark_safe("".join(str(f) for f in self.form))  # want: xss-mark-safe

    def render_form_content(self):
        # Already marked safe (and judged) where it was built.
        return mark_safe(self.render_html() + self.render_missing_fields())

    def label(self):
        return self.obj.name

    def heading(self):
        return mark_safe("<h1>%s</h1>" % self.label())  # want: xss-mark-safe

    def heading_text(self):
        return "Title"

    def caption(self):
        # heading_text() is overridden below with a model field.
        return mark_safe("<h2>%s</h2>" % self.heading_text())  # want: xss-mark-safe

    def icon(self):
        raise NotImplementedError

    def stub(self):
        return mark_safe(self.icon())  # want: xss-mark-safe

    def inherited(self):
        return mark_safe(self.from_a_base_elsewhere())  # want: xss-mark-safe

    def itself(self):
        return str(self)

    def as_text(self):
        return mark_safe(self.itself())  # want: xss-mark-safe


class Child(Panel):
    def heading_text(self):
        return self.obj.title


class Column:
    @staticmethod
    def _linkify(item):
        return f'<a href="{item.get_absolute_url()}">{escape(item)}</a>'

    @staticmethod
    def _bold(item):
        return f"<b>{item}</b>"

    def render(self, obj, request):
        a = mark_safe(self._linkify(obj))
        b = mark_safe(self._bold(obj.name))  # want: xss-mark-safe
        return a, b, mark_safe(self._bold(request.GET["x"]))  # want: xss-mark-safe!


def items_html(items):
    return "".join("<li>%s</li>" % i for i in items)


def counted(items):
    return "<b>%d</b>" % len(items)


def through_a_comprehension(request):
    a = mark_safe(counted(request.GET.getlist("x")))
    return a, mark_safe(items_html(request.GET.getlist("x")))  # want: xss-mark-safe!


def marked(value):
    return mark_safe(value)  # want: xss-mark-safe


def marked_then_used_as_sql(cursor, request):
    # mark_safe() vouches for HTML only: in SQL its argument counts.
    cursor.execute("SELECT %s" % marked(request.GET["col"]))  # want: sql-percent!
    cursor.execute("SELECT %s" % mark_safe(request.GET["col"]))  # want: sql-percent!,xss-mark-safe!


class Lazy:
    @property
    def html(self):
        return "<br>"

    def nothing(self):
        return

    def calls_what_a_property_returns(self):
        a = mark_safe(self.html())  # want: xss-mark-safe
        return a, mark_safe(self.nothing())  # want: xss-mark-safe
