"""manage.py license_keygen: a new Ed25519 signing key for LICENSE_SIGNING_KEY, with its
key id and public key (for LICENSE_PUBLIC_KEYS once the key is rotated out)."""

from django.core.management.base import BaseCommand

from onewindow.lib import signing


class Command(BaseCommand):
    help = "生成新的电子证照签名密钥（Ed25519），输出私钥、密钥标识和公钥。"

    def handle(self, *args, **options):
        private = signing.generate_private()
        public = signing.load_private(private).public_key()
        kid = signing.key_id_of(public)
        self.stdout.write(f"LICENSE_SIGNING_KEY={private}")
        self.stdout.write(f"LICENSE_SIGNING_KEY_ID={kid}")
        self.stdout.write(
            f"# after rotation, keep verifying with: LICENSE_PUBLIC_KEYS={kid}={signing.b64(signing.public_raw(public))}"
        )
