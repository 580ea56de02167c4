import json

from django.core.management.base import BaseCommand

from ...services.transfer import platform_key


class Command(BaseCommand):
    help = "显示（首次运行时生成）本平台的跨省通办编码与签名公钥，可用 --code/--name 设置编码和名称。输出 JSON，交给合作平台登记。"

    def add_arguments(self, parser):
        parser.add_argument("--code", help="本平台编码")
        parser.add_argument("--name", help="本平台名称")

    def handle(self, *args, code=None, name=None, **options):
        key = platform_key(code=code, name=name)
        info = {
            "code": key.code,
            "name": key.name,
            "key_id": key.key_id,
            "public_key": key.public_key,
        }
        self.stdout.write(json.dumps(info, ensure_ascii=False))
