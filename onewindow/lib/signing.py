"""Ed25519 signatures for e-licenses, with key ids so keys can rotate.

Configuration (settings, read from the environment; any of them may come from a file
named by `<NAME>_FILE`):

- LICENSE_SIGNING_KEY: the private key that signs new licenses, as PEM (PKCS#8) or as
  the base64 of its 32 raw bytes.
- LICENSE_SIGNING_KEY_ID: its key id; derived from the public key when empty.
- LICENSE_PUBLIC_KEYS: older public keys that must still verify, as
  "kid1=base64,kid2=base64" (raw 32-byte Ed25519 public keys). The current key's public
  key is always included.

Without a configured key and with LICENSE_DEV_KEY allowed (DEBUG), a development key is
generated once under the var directory and reused, so `make demo` signs and verifies
without set-up. Signatures are stored as base64; a key id names the public key that
verifies a signature, so rotating means: configure the new private key, move the old
public key into LICENSE_PUBLIC_KEYS, and every license signed before still verifies.
"""

import base64
import binascii
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_KEY_NAME = "license-signing-dev.key"
KEY_ID_MAX = 40


def canonical(data: dict[str, Any]) -> str:
    """The one text form of signed data: sorted keys, no spaces, Chinese unescaped.
    The stored payload is this text; verification checks its exact bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public: Ed25519PublicKey) -> str:
    """A short stable id for a public key: the first 12 hex digits of its SHA-256."""
    return "ed25519-" + hashlib.sha256(public_raw(public)).hexdigest()[:12]


def generate_private() -> str:
    """A new private key as the base64 of its 32 raw bytes (for LICENSE_SIGNING_KEY)."""
    key = Ed25519PrivateKey.generate()
    return b64(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )


def load_private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ImproperlyConfigured("LICENSE_SIGNING_KEY is not an Ed25519 key")
            return key
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"LICENSE_SIGNING_KEY cannot be read: {exc}") from None


def load_public(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))


def _dev_key_text() -> str:
    """The development key under the var directory, created on first use (mode 0600)."""
    path = Path(settings.VAR_DIR) / DEV_KEY_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(generate_private() + "\n")
        except FileExistsError:  # another process made it first: use theirs
            pass
    return path.read_text()


def signing_key() -> tuple[str, Ed25519PrivateKey]:
    """(key id, private key) that signs new licenses."""
    text = getattr(settings, "LICENSE_SIGNING_KEY", "")
    if not text:
        if not getattr(settings, "LICENSE_DEV_KEY", False):
            raise ImproperlyConfigured(
                "Set LICENSE_SIGNING_KEY (or LICENSE_SIGNING_KEY_FILE) to sign e-licenses."
            )
        text = _dev_key_text()
    key = load_private(text)
    kid = getattr(settings, "LICENSE_SIGNING_KEY_ID", "") or key_id_of(key.public_key())
    if len(kid) > KEY_ID_MAX:  # stored beside every signature (License.key_id)
        raise ImproperlyConfigured(f"LICENSE_SIGNING_KEY_ID is longer than {KEY_ID_MAX} characters")
    return kid, key


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every public key that verifies, by key id: the configured older keys plus the
    current signing key's own."""
    keys: dict[str, Ed25519PublicKey] = {}
    for item in (getattr(settings, "LICENSE_PUBLIC_KEYS", "") or "").split(","):
        if "=" not in item:
            continue
        kid, _, text = item.partition("=")
        try:
            keys[kid.strip()] = load_public(text)
        except (ValueError, binascii.Error):
            raise ImproperlyConfigured(f"LICENSE_PUBLIC_KEYS: key {kid!r} cannot be read") from None
    try:
        kid, private = signing_key()
    except ImproperlyConfigured:
        return keys  # a verify-only host holds public keys and no private key
    keys[kid] = private.public_key()
    return keys


def sign(payload: str) -> tuple[str, str]:
    """Signs the payload text (UTF-8); returns (key id, base64 signature)."""
    kid, key = signing_key()
    return kid, b64(key.sign(payload.encode("utf-8")))


def verify(payload: str, *, key_id: str, signature: str) -> bool:
    """True when `signature` is a valid signature of `payload` by the key `key_id`;
    False for an unknown key id, a malformed signature or any change to the payload."""
    public = public_keys().get(key_id)
    if public is None:
        return False
    try:
        public.verify(base64.b64decode(signature, validate=True), payload.encode("utf-8"))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
