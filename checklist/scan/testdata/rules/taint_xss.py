"""Taint-lite fixtures for HTML: escaped values, constants and translations stay quiet.

A trailing "!" in a want annotation means request data reaches the sink (a failure).
"""
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ICON = '<svg class="icon"><use href="#star"></use></svg>'
CHANGING = "<b>"
CHANGING = "<i>"


def escaped(obj):
    return mark_safe(f"<b>{escape(obj.name)}</b>")


def conditionally_escaped(obj):
    return format_html(f"<b>{conditional_escape(obj.name)}</b> {{}}", obj.title)


def format_html_result(obj):
    return mark_safe(format_html("<b>{}</b>", obj.name) + "<br>")


def joined(items):
    return mark_safe("".join(format_html("<li>{}</li>", i) for i in items))


def translated(n):
    a = mark_safe(_("<b>Saved.</b>"))
    return a, mark_safe(gettext_lazy("a") + " " + ngettext("one", "many", 2))


def constant():
    return mark_safe(ICON)


def dates_and_numbers(obj):
    a = mark_safe(f'<time datetime="{obj.created.isoformat()}">{obj.created.strftime("%Y")}</time>')
    b = mark_safe("<span>%s</span>" % int(obj.count))
    return a, b, mark_safe(f"<span>{len(obj.items)}</span>")


def escaped_through_local(obj):
    label = escape(obj.label)
    html = "<b>%s</b>" % label
    html += ICON
    return mark_safe(html)


def request_html(request):
    name = request.GET.get("name", "")
    return mark_safe("<b>%s</b>" % name)  # want: xss-mark-safe!


def request_format_html(request):
    return format_html(f"<b>{request.GET['q']}</b>")  # want: xss-format-html!


def request_in_join(request):
    return mark_safe("".join("<li>%s</li>" % v for v in request.GET.getlist("v")))  # want: xss-mark-safe!


def param_unescaped(value):
    return mark_safe(f"<b>{value}</b>")  # want: xss-mark-safe


def half_escaped(obj):
    return mark_safe(f"<b>{escape(obj.name)}</b>{obj.note}")  # want: xss-mark-safe


def unknown_call():
    return mark_safe(build_html())  # want: xss-mark-safe


def module_variable():
    return mark_safe(CHANGING)  # want: xss-mark-safe


def shadowed(value):
    ICON = value
    return mark_safe(ICON)  # want: xss-mark-safe


def escaped_then_appended(obj, extra):
    html = escape(obj.label)
    html += extra
    return mark_safe(html)  # want: xss-mark-safe


def escaped_in_one_branch(value, autoescape):
    if autoescape:
        value = escape(value)
    return mark_safe(value.replace("\n", "<br>"))  # want: xss-mark-safe


def escaped_in_both_branches(contents, attrs):
    # Every branch of the chain replaces the parameter with escaped text.
    if attrs:
        contents = format_html("<label{}>{}</label>", attrs, contents)
    else:
        contents = conditional_escape(contents)
    return mark_safe(contents)


def escaped_in_every_branch_of_elif(contents, mode):
    if mode == 1:
        contents = escape(contents)
    elif mode == 2:
        log(contents)
        contents = format_html("<i>{}</i>", contents)
    else:
        contents = ""
    return mark_safe(contents)


def elif_without_else(contents, mode):
    if mode == 1:
        contents = escape(contents)
    elif mode == 2:
        contents = ""
    return mark_safe(contents)  # want: xss-mark-safe


def a_branch_that_does_not_assign(contents, mode):
    if mode == 1:
        contents = escape(contents)
    elif mode == 2:
        log(contents)
    else:
        contents = ""
    return mark_safe(contents)  # want: xss-mark-safe


def assigned_only_in_a_nested_block(contents, mode, flag):
    if mode:
        if flag:
            contents = escape(contents)
    else:
        contents = ""
    return mark_safe(contents)  # want: xss-mark-safe


def for_else(contents, items):
    # for/else is not an if chain (a break skips the else): not followed.
    for item in items:
        if item:
            break
    else:
        contents = escape(contents)
    return mark_safe(contents)  # want: xss-mark-safe


def number_in_try(request):
    try:
        page = int(request.GET["page"])
    except ValueError:
        page = 1
    return mark_safe("<b>%d</b>" % page)


def request_in_a_branch(request, label):
    if request.GET.get("raw"):
        label = request.GET["label"]
    return mark_safe(label)  # want: xss-mark-safe!


ICONS = {"asc": '<i class="up"></i>', "desc": '<i class="down"></i>'}


def vouched_for(obj, widget, depth, direction):
    a = mark_safe(f'<a href="{obj.get_absolute_url()}" data-id="{obj.pk}">{escape(obj)}</a>')
    b = mark_safe(widget.render("name", obj.value) + format_html("<i>{}</i>", obj.label))
    c = mark_safe(f"<img{flatatt(obj.attrs)}>" + obj.__html__())
    d = mark_safe(f'<a href="{reverse("detail", args=[obj.project.pk])}">' + "&nbsp;" * 4 * depth + "</a>")
    e = mark_safe(ICONS[direction])
    return a, b, c, d, e, mark_safe(capfirst(format_html("<b>{}</b>", obj.name)))


def look_alikes(obj):
    a = mark_safe(f"<b>{obj.paid}</b><i>{obj.external_id}</i>")  # want: xss-mark-safe
    return a, mark_safe(capfirst(obj.name))  # want: xss-mark-safe


def pygments_or_not(obj, code, term):
    a = mark_safe(highlight(code, JsonLexer(), HtmlFormatter()))
    return a, mark_safe(highlight(obj.text, term, trim_pre=10))  # want: xss-mark-safe


import re  # noqa: E402
from django.utils.text import slugify as slugify_base  # noqa: E402
from .helpers import build as make_html  # noqa: E402


def aliased_slugify(value):
    # An imported alias of a safe function is that function; re.sub is made
    # of its arguments, and the module re carries no text.
    value = slugify_base(value)
    value = re.sub("[-_]+", "-", value)
    return mark_safe(value)


def aliased_unknown(value):
    return mark_safe(make_html(value))  # want: xss-mark-safe


def regex_sub_of_a_parameter(value):
    return mark_safe(re.sub("<", "&lt;", value))  # want: xss-mark-safe


def local_shadows_the_module(request):
    re = request.GET
    return mark_safe(re.sub("x", "y", "z"))  # want: xss-mark-safe!
