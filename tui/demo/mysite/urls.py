from django.contrib import admin
from django.urls import path

from shop import views

urlpatterns = [
    path('admin/', admin.site.urls),
    path('products/<int:product_id>/', views.product, name='product'),
    path('search/', views.search, name='search'),
    path('webhook/', views.payment_webhook, name='payment-webhook'),
]
