"""Ed25519 signatures over canonical JSON for transfer packages and status updates.

Canonical form: UTF-8 JSON with sorted keys and no spaces, so both platforms sign and verify
the same bytes whatever order their JSON libraries write keys in."""

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(document) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def new_key() -> tuple[str, str, str]:
    """A fresh key: (private key PEM, public key as Base64 of its 32 bytes, key id)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, base64.b64encode(raw).decode(), key_id_of(raw)


def key_id_of(public_raw: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def sign(document, private_pem: str) -> str:
    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return base64.b64encode(private.sign(canonical(document))).decode()


def verify(document, signature: str, public_b64: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature, validate=True), canonical(document))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def public_key_valid(public_b64: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
    except (ValueError, TypeError):
        return False
    return True
