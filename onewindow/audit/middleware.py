import uuid

from .context import RequestContext, current


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when a proxy sets one) and its IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        ip = request.META.get("REMOTE_ADDR") or None
        token = current.set(RequestContext(request_id=request_id, ip_address=ip))
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request_id
        return response
