"""manage.py verify_license <number>: the signature and status of a license, and its holder."""

from django.core.management.base import BaseCommand, CommandError

from onewindow.licenses.selectors import license_detail
from onewindow.licenses.verification import verify


class Command(BaseCommand):
    help = "核验电子证照：签名、状态（有效、已过期、已撤销）与持证人信息。无效、过期或撤销时以状态码 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument("number", help="证照编号")

    def handle(self, *args, number, **options):
        lic = license_detail(number.strip())
        if lic is None:
            raise CommandError(f"未找到证照 {number}")
        result = verify(lic)
        data = result.data
        self.stdout.write(f"证照编号  {lic.number}")
        self.stdout.write(
            f"签名      {'有效' if result.signature_ok else '无效'}（密钥 {lic.key_id}）"
        )
        if result.signature_ok:
            self.stdout.write(f"证照名称  {data['title']}")
            self.stdout.write(f"持证人    {data['holder']['name']}（{data['holder']['id']}）")
            self.stdout.write(f"许可范围  {data['scope']}")
            self.stdout.write(f"发证机关  {data['department']['name']}")
            self.stdout.write(f"有效期    {data['valid_from']} 至 {data['valid_to']}")
        if lic.revoked_at:
            self.stdout.write(f"撤销      {lic.revoked_at:%Y-%m-%d %H:%M}：{lic.revoke_reason}")
        for permit in result.permits:
            self.stdout.write(
                f"  - {permit.license.number} {permit.license.title}：{permit.verdict.label}"
            )
        self.stdout.write(f"结论      {result.verdict.label}")
        if not result.ok:
            raise CommandError(f"证照 {lic.number} {result.verdict.label}")
