"""What a locked-out sign-in sees (django-axes): a whole sentence, and when to retry."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = escape(
        f"登录失败次数过多，该账号或网络地址已被暂时锁定，请{minutes}分钟后再试。"
        "如需立即解锁，请联系平台管理员。"
    )
    return HttpResponse(
        f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>登录已锁定</title></head><body><main><h1>登录已锁定</h1><p>{message}</p>"
        f"</main></body></html>",
        status=429,
    )


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
