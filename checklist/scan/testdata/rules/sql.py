"""Raw SQL fixtures.

cursor.execute(f"SELECT * FROM t WHERE id = {user_id}") in a docstring is not code.
"""
from django.db import connection
from django.db.models.expressions import RawSQL

from .models import Person


def by_fstring(user_id, table, rows, a):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM app_user WHERE id = {user_id}")  # want: sql-fstring
        # cursor.execute(f"SELECT * FROM app_user WHERE id = {user_id}") is a comment
        cursor.execute("SELECT * FROM app_user WHERE id = %s", [user_id])
        cursor.executemany("INSERT INTO %s VALUES (%%s)" % table, rows)  # want: sql-percent
        cursor.execute("SELECT * FROM t WHERE a = '{}'".format(a))  # want: sql-format
        cursor.execute("SELECT * " + "FROM t")
        cursor.execute(sql=f"DELETE FROM t WHERE id = {user_id}")  # want: sql-fstring
        connection.cursor().execute("SELECT 1 FROM t WHERE b = " + a)  # want: sql-concat


def multi_line(name):
    with connection.cursor() as cursor:
        cursor.execute(  # want: sql-concat
            "SELECT * FROM t WHERE name = '" + name + "'"
        )


def via_local(request):
    name = request.GET["name"]
    sql = "SELECT * FROM app_person WHERE name = '%s'" % name
    return Person.objects.raw(sql)  # want: sql-percent!


def via_augmented(order):
    sql = "SELECT * FROM t"
    sql += " ORDER BY " + order
    with connection.cursor() as cursor:
        cursor.execute(sql)  # want: sql-concat


def via_two_locals(pk):
    where = f"id = {pk}"
    sql = "SELECT * FROM t WHERE " + where
    return Person.objects.raw(sql)  # want: sql-fstring


def overwritten(pk):
    sql = f"SELECT * FROM t WHERE id = {pk}"
    sql = "SELECT * FROM t WHERE id = %s"
    return Person.objects.raw(sql, [pk])


def constant_local(pk):
    table = "app_user"
    sql = "SELECT * FROM %s WHERE id = %%s" % table
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def other_function():
    # sql was built in via_local, a different function: not followed.
    with connection.cursor() as cursor:
        cursor.execute(sql)


def not_the_orm(session):
    return session.raw("GET / HTTP/1.1")


def constant_building(self):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1")
        cursor.execute("SELECT {} FROM t".format("id"))
        cursor.execute("SELECT * FROM t WHERE a = %s" % ("'x'",))
    return self.extra


def raw_sql(col, pk):
    qs = Person.objects.annotate(a=RawSQL("SELECT col FROM t WHERE id = %s", (pk,)))
    qs = qs.annotate(b=RawSQL(f"SELECT {col} FROM t", []))  # want: sql-fstring
    qs = qs.extra(where=["id = %s"], params=[pk])  # want: sql-extra-review?
    qs = qs.extra(select={"n": "SELECT count(*) FROM t WHERE u = %s" % pk})  # want: sql-percent
    qs = qs.extra(select={"v_%s" % c: "%s.%s" % (t, c) for c in cols})  # want: sql-percent
    return qs


def silenced(col):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {col} FROM t")  # djharden: ignore[sql-fstring]
        # djharden: ignore[sql-concat]
        cursor.execute("SELECT " + col)


class Backend:
    def execute(self, sql, params=None):
        return self.cursor.execute(sql, params)

    def raw(self, query):
        return query
