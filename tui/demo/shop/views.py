from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt


def product(request, product_id):
    description = request.GET.get('note', '')
    return render(request, 'shop/product.html', {
        'product_id': product_id,
        'description': description,
    })


def search(request):
    term = request.GET.get('q', '')
    with connection.cursor() as cursor:
        # Built with an f-string: the search term becomes part of the SQL.
        cursor.execute(f"SELECT id, name FROM shop_product WHERE name LIKE '%{term}%'")
        rows = cursor.fetchall()
    banner = mark_safe('<p>Results for ' + term + '</p>')
    return HttpResponse(banner + ''.join(f'<li>{name}</li>' for _, name in rows))


@csrf_exempt
def payment_webhook(request):
    return JsonResponse({'ok': True})
