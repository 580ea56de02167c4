import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts.services import token_create
from onewindow.lib.errors import DomainError

from ...services.transfer import partner_save

User = get_user_model()


class Command(BaseCommand):
    help = (
        "登记或更新一个跨省通办合作平台：对方的编码、名称、接口地址、公钥和本平台在对方的令牌。"
        "--issue-token 为对方调用本平台建立账号并签发令牌（只显示一次），输出 JSON。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--public-key", required=True)
        parser.add_argument("--key-id", default="", help="对方密钥编号（默认由公钥导出）")
        parser.add_argument("--token", default="", help="本平台在对方平台的接口令牌")
        parser.add_argument("--issue-token", action="store_true")

    def handle(
        self, *args, code, name, base_url, public_key, key_id, token, issue_token, **options
    ):
        user, _ = User.objects.get_or_create(username=f"partner-{code}".lower()[:150])
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        try:
            partner = partner_save(
                code=code, name=name, base_url=base_url, public_key=public_key, key_id=key_id, token=token,
                inbound_user=user, actor=None,
            )  # fmt: skip
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        out = {"code": partner.code, "key_id": partner.key_id, "inbound_user": user.username}
        if issue_token:
            out["token"] = token_create(user=user, name=f"跨省通办 {name}", actor=None)[1]
        self.stdout.write(json.dumps(out, ensure_ascii=False))
