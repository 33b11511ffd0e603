from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def badge(user):
    return mark_safe(f"<b>{user.name}</b>")  # want: xss-mark-safe


def line_break():
    return mark_safe("<br>")


def either(flag):
    return mark_safe("<b>" if flag else "<i>")


def wrap(value):
    return SafeString(value)  # want: xss-mark-safe


def computed(form):
    return mark_safe(form.errors.as_ul())  # want: xss-mark-safe


def via_local(name):
    html = "<i>%s</i>" % name
    return mark_safe(html)  # want: xss-mark-safe


def in_comprehension(values):
    return [mark_safe(v) for v in values]  # want: xss-mark-safe


to_safe = lambda v: mark_safe(v)  # want: xss-mark-safe
register.filter("unsafe", mark_safe)
# mark_safe(user_input) in a comment is not code
DOC = "mark_safe(user_input) in a string is not code"


def fmt(name):
    return format_html(f"<b>{name}</b>")  # want: xss-format-html


def fmt_ok(name):
    return format_html("<b>{}</b>", name)


def fmt_constant():
    return format_html(f"<b>static</b>")


def fmt_via(name):
    html = "<i>%s</i>" % name
    return format_html(html)  # want: xss-format-html


def fmt_dotformat(name):
    return format_html("<b>{}</b>".format(name))  # want: xss-format-html


@register.filter(is_safe=True)  # want: xss-filter-is-safe
def shout(value):
    return value.upper()


@register.filter("whisper", is_safe=True)  # want: xss-filter-is-safe
def whisper(value):
    return value.lower()


@register.filter(is_safe=False)
def quiet(value):
    return value


@register.simple_tag(is_safe=True)
def not_a_filter():
    return ""


def legacy(value):
    return value


legacy.is_safe = True  # want: xss-filter-is-safe


def silenced(v):
    return mark_safe(v)  # djharden: ignore[xss-mark-safe]


def translated(obj):
    msg = _("The {name} was added.")
    msg += " " + _("You may edit it again below.")
    return format_html(msg, name=obj)
