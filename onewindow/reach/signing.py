"""Signatures of transfer packages and status updates: this platform signs with its
Ed25519 key through onewindow.lib.signing (the key that signs e-licenses, with its key id,
so rotating it is configured in one place); a partner's signature is checked against the
public key registered for that partner. Signed bytes are lib.signing.canonical's text."""

import base64
import binascii

from cryptography.exceptions import InvalidSignature

from onewindow.lib import signing as lib


def sign(document: dict) -> tuple[str, str]:
    """(key id, base64 signature) of the document's canonical text by this platform."""
    return lib.sign(lib.canonical(document))


def own_public_key() -> tuple[str, str]:
    """(key id, base64 of the raw 32-byte public key) of this platform's signing key."""
    kid, private = lib.signing_key()
    return kid, lib.b64(lib.public_raw(private.public_key()))


def verify(document: dict, signature: str, public_b64: str) -> bool:
    try:
        public = lib.load_public(public_b64)
        public.verify(base64.b64decode(signature, validate=True), lib.canonical(document).encode())
    except (InvalidSignature, ValueError, TypeError, binascii.Error):
        return False
    return True


def public_key_valid(public_b64: str) -> bool:
    try:
        lib.load_public(public_b64)
    except (ValueError, TypeError, binascii.Error):
        return False
    return True


def key_id_for(public_b64: str) -> str:
    """The key id lib.signing derives for a public key (when a partner configures none)."""
    return lib.key_id_of(lib.load_public(public_b64))
