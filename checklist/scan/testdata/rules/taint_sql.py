"""Taint-lite fixtures for SQL: what reaches the sink and where it comes from.

A trailing "!" in a want annotation means request data reaches the sink (a failure),
a trailing "?" a review note.
"""
from django.db import connection
from django.db.models.expressions import RawSQL

from .models import Person

DEFAULT_TABLE_NAME = "app_event"
LIMIT = 50
CHANGING = "a"
CHANGING = "b"


def constant_table(pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {DEFAULT_TABLE_NAME} WHERE id = %s", [pk])
        cursor.execute("SELECT * FROM %s LIMIT %d" % (DEFAULT_TABLE_NAME, LIMIT))
        cursor.execute("SELECT * FROM " + CHANGING)  # want: sql-concat


def ddl(schema_editor, model, field):
    qn = schema_editor.quote_name
    schema_editor.execute("ALTER TABLE %s DROP COLUMN %s" % (schema_editor.quote_name(model._meta.db_table), qn(field.column)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE %s" % connection.ops.quote_name(model._meta.db_table))
        cursor.execute("SELECT %s FROM t" % ", ".join(qn(c) for c in field.names))
        cursor.execute("SELECT %s FROM t" % ", ".join(c for c in field.names))  # want: sql-percent
        cursor.execute("SELECT * FROM %s" % model._meta.db_table)


def format_through_local(request):
    where = request.GET.get("where", "")
    params = []
    sql = "SELECT * FROM t WHERE {where}".format(where=where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # want: sql-format!


def format_through_local_param(where, params):
    sql = "SELECT * FROM t WHERE {where}".format(where=where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # want: sql-format


def format_kwargs_dict(order):
    kw = {"order": order}
    sql = "SELECT * FROM t ORDER BY {order}".format(**kw)
    return Person.objects.raw(sql)  # want: sql-format


def format_kwargs_item(request):
    kw = {}
    kw["order"] = request.GET["order"]
    sql = "SELECT * FROM t ORDER BY {order}".format(**kw)
    return Person.objects.raw(sql)  # want: sql-format!


def format_kwargs_safe(pk):
    kw = {"table": DEFAULT_TABLE_NAME}
    sql = "SELECT * FROM {table} WHERE id = %s".format(**kw)
    return Person.objects.raw(sql, [pk])


def percent_dict(request):
    sql = "SELECT * FROM %(table)s WHERE name = '%(name)s'" % {"table": DEFAULT_TABLE_NAME, "name": request.POST["name"]}
    with connection.cursor() as cursor:
        cursor.execute(sql)  # want: sql-percent!


def percent_dict_safe(pk):
    sql = "SELECT * FROM %(table)s WHERE id = %%s" % {"table": DEFAULT_TABLE_NAME, "n": LIMIT}
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def plus_equals(request):
    term = request.GET["q"]
    sql = "SELECT * FROM t WHERE 1 = 1"
    sql += " AND name LIKE '%" + term + "%'"
    with connection.cursor() as cursor:
        cursor.execute(sql)  # want: sql-concat!


def plus_equals_safe(flag):
    sql = "SELECT * FROM t"
    if flag:
        sql += " WHERE active"
    with connection.cursor() as cursor:
        cursor.execute(sql)


def join_parts(request):
    clauses = []
    for key in request.GET:
        clauses.append("%s = 1" % key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM t WHERE " + " AND ".join(clauses))  # want: sql-concat!


def join_safe():
    cols = ["a", "b"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s FROM t" % ", ".join(cols))


def request_rawsql(request):
    order = request.GET.get("order")
    return Person.objects.annotate(v=RawSQL("SELECT %s FROM t" % order, []))  # want: sql-percent!


def request_extra(request):
    return Person.objects.extra(where=["name = '%s'" % request.GET["name"]])  # want: sql-percent!


def request_in_class_view(self):
    q = self.request.query_params.get("q")
    return Person.objects.raw(f"SELECT * FROM t WHERE a = '{q}'")  # want: sql-fstring!


def numbers(request):
    page = int(request.GET.get("page", 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM t LIMIT 10 OFFSET %d" % (page * 10))
        cursor.execute("SELECT * FROM t WHERE n = %d" % len(request.GET))
        cursor.execute(f"SELECT * FROM t WHERE d > '{request.user.date_joined.isoformat()}'")
        cursor.execute(f"SELECT * FROM t WHERE n = {str(int(request.GET['n']))}")


def unknown_call(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM t WHERE %s" % build_where(pk))  # want: sql-percent


def shadowed_constant(value):
    DEFAULT_TABLE_NAME = value
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + DEFAULT_TABLE_NAME)  # want: sql-concat


def tuple_target(request):
    table, col = request.GET["t"], "id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {col} FROM {table}")  # want: sql-fstring!


def annotated(request):
    sql: str = "SELECT * FROM t WHERE a = '%s'" % request.COOKIES["a"]
    with connection.cursor() as cursor:
        cursor.execute(sql)  # want: sql-percent!


def keyword_call_value(pk):
    sql = "SELECT * FROM t WHERE id = %s".replace("t", "u")
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def orm_compiled_where(project, queryset):
    compiler = connection.ops.compiler(queryset.query.compiler)(queryset.query, connection, None)
    queryset_where_tuple = queryset.query.where.as_sql(compiler, connection)
    where = queryset_where_tuple[0]
    where_params = queryset_where_tuple[1]
    extra_sql = """
        SELECT status_id, count(status_id) FROM "issues_issue" WHERE {where} GROUP BY status_id
    """.format(where=where)
    with connection.cursor() as cursor:
        cursor.execute(extra_sql, where_params + [project.id])  # want: sql-format?


def keys_and_tables(queryset, user, type):
    sql = "SELECT count(*) FROM t WHERE t.content_type_id = {type_id} AND t.object_id = {tbl}.id AND t.user_id = {user_id}"
    sql = sql.format(type_id=type.id, tbl=queryset.model._meta.db_table, user_id=user.pk)
    return queryset.extra(select={"n": sql})  # want: sql-extra-review?


def text_key(queryset, payment):
    sql = "SELECT * FROM t WHERE ref = '{ref}'".format(ref=payment.external_id)
    return Person.objects.raw(sql)  # want: sql-format


def orm_sql_with_params(queryset):
    sql, params = queryset.query.sql_with_params()
    return Person.objects.raw(f"SELECT * FROM ({sql}) t WHERE row_number = 1", params)  # want: sql-fstring?
