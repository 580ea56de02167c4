from django.core.management.base import BaseCommand

from ...models import TransferUpdate
from ...services.transfer import status_update_send


class Command(BaseCommand):
    help = "重新发送尚未送达合作平台的跨省通办状态回传（按办件版本顺序）。"

    def handle(self, *args, **options):
        pending = TransferUpdate.objects.filter(sent_at__isnull=True).order_by(
            "transfer_id", "version"
        )
        sent = sum(
            1 for pk in pending.values_list("pk", flat=True) if status_update_send(update_id=pk)
        )
        self.stdout.write(f"已送达 {sent} 条，未送达 {pending.count()} 条。")
