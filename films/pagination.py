from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page, or the nearest one that exists: page=0 or -1 give
    the first page, page=999999 the last, page=abc the first. Never an error.

    Not Paginator.get_page(), which sends 0 and negative numbers to the last
    page (for it they are just out of range): clamping them first would parse
    the number here anyway, so this stays Paginator.page() with the clamp."""
    paginator = Paginator(queryset, per_page)
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError, OverflowError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)
