from ninja import Router

from onewindow.cases.api.schemas import ErrorOut  # the API's one error shape

router = Router(tags=["企业服务"])

ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}
