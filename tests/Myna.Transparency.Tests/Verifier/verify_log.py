#!/usr/bin/env python3
"""Checks a Myna transparency log proof bundle offline, with Python's standard library only.

    python3 verify_log.py BUNDLE.json        (or - for standard input)

Checks the signed checkpoint(s) with the verifier key (Ed25519, RFC 8032), each entry's inclusion proof
(RFC 9162 2.1.3.2) and the consistency proof from the old checkpoint to the new one (RFC 9162 2.1.4.2).
Exits 0 when everything holds, 1 (saying why) when something does not, 2 when the input cannot be read.
"""
import base64
import hashlib
import json
import re
import sys


class Refused(Exception):
    """Something in the bundle does not hold."""


# --- Ed25519 verification (RFC 8032 5.1.7), in extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, xy = T/Z.
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def point_add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e, f = (y1 - x1) * (y2 - x2) % P, (y1 + x1) * (y2 + x2) % P
    g, h = 2 * t1 * t2 * D % P, 2 * z1 * z2 % P
    e, f, g, h = f - e, h - g, h + g, f + e
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def point_mul(scalar, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = point_add(result, point)
        point = point_add(point, point)
        scalar >>= 1
    return result


def point_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def point_decode(data):
    """The point 32 bytes encode (RFC 8032 5.1.3), or None."""
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


BASE = point_decode((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def ed25519_verify(public_key, message, signature):
    if len(signature) != 64:
        return False
    a, r = point_decode(public_key), point_decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    return point_equal(point_mul(s, BASE), point_add(r, point_mul(k, a)))


# --- Strict base64, keys and signed notes.
def b64(text, what):
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text) % 4:
        raise Refused(f"{what} is not base64")
    data = base64.b64decode(text, validate=True)
    if base64.b64encode(data).decode() != text:
        raise Refused(f"{what} is not canonical base64")
    return data


def key_id(name, public_key):
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4]


def parse_verifier_key(text):
    match = re.fullmatch(r"([^+\s]+)\+([0-9a-f]{8})\+(.+)", text)
    if not match:
        raise Refused("the verifier key is not name+keyid+key")
    name, hex_id, typed = match.group(1), match.group(2), b64(match.group(3), "the verifier key")
    if len(typed) != 33 or typed[0] != 1:
        raise Refused("the verifier key is not an Ed25519 key (type 0x01, 32 bytes)")
    if key_id(name, typed[1:]).hex() != hex_id:
        raise Refused("the verifier key's ID does not match its name and key")
    return name, typed[1:]


def open_checkpoint(note, origin, key_name, public_key, which):
    """The (size, root) of a signed checkpoint, its signature by the key checked."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Refused(f"the {which} checkpoint holds a control character")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Refused(f"the {which} checkpoint is not a signed note")
    text, signatures = note[: split + 1], note[split + 2 :].split("\n")[:-1]
    wanted, verified = key_id(key_name, public_key), False
    for line in signatures:
        match = re.fullmatch(r"\u2014 (\S+) (\S+)", line)
        if not match:
            raise Refused(f"the {which} checkpoint has a malformed signature line")
        signature = b64(match.group(2), f"a signature of the {which} checkpoint")
        if match.group(1) != key_name or signature[:4] != wanted:
            continue  # another key's signature (a witness): not ours to check
        if not ed25519_verify(public_key, text.encode(), signature[4:]):
            raise Refused(f"the {which} checkpoint's signature does not verify")
        verified = True
    if not verified:
        raise Refused(f"the {which} checkpoint has no signature by the log's key")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or lines[0] != origin:
        raise Refused(f"the {which} checkpoint is not of the log {origin}")
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Refused(f"the {which} checkpoint's tree size is not a decimal number")
    root = b64(lines[2], f"the {which} checkpoint's root hash")
    if len(root) != 32:
        raise Refused(f"the {which} checkpoint's root hash is not 32 bytes")
    return int(lines[1]), root


# --- RFC 9162 Merkle proofs.
def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size, new_size, old_root, new_root, path):
    if old_size > new_size:
        return False
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size == 0:
        return not path and old_root == hashlib.sha256(b"").digest()
    if not path:
        return False
    if old_size & (old_size - 1) == 0:
        path = [old_root] + path
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def hashes(values, what):
    if not isinstance(values, list):
        raise Refused(f"{what} is not a list of hashes")
    result = [b64(v, what) for v in values]
    if any(len(h) != 32 for h in result):
        raise Refused(f"{what} has a hash that is not 32 bytes")
    return result


def verify(bundle):
    name, public_key = parse_verifier_key(bundle["verifier_key"])
    origin = bundle.get("origin", name)
    size, root = open_checkpoint(bundle["new_checkpoint"], origin, name, public_key, "new")
    said = [f"checkpoint {origin} at {size} signed by {name}"]
    for entry in bundle["entries"]:
        index = entry["index"]
        if "data" in entry:
            leaf = leaf_hash(b64(entry["data"], f"entry {index}'s data"))
            if "leaf_hash" in entry and b64(entry["leaf_hash"], f"entry {index}'s leaf hash") != leaf:
                raise Refused(f"entry {index}'s data does not have its leaf hash")
        else:
            leaf = hashes([entry["leaf_hash"]], f"entry {index}'s leaf hash")[0]
        path = hashes(entry["inclusion_proof"], f"entry {index}'s inclusion proof")
        if not verify_inclusion(index, size, leaf, path, root):
            raise Refused(f"entry {index} is not in the tree of the checkpoint (the inclusion proof does not lead to its root)")
    said.append(f"{len(bundle['entries'])} entries included")
    if "old_checkpoint" in bundle:
        old_size, old_root = open_checkpoint(bundle["old_checkpoint"], origin, name, public_key, "old")
        path = hashes(bundle["consistency_proof"], "the consistency proof")
        if not verify_consistency(old_size, size, old_root, root, path):
            raise Refused(f"the tree at {size} does not extend the old checkpoint's tree at {old_size}: history was rewritten or the proof is wrong")
        said.append(f"consistent with the old checkpoint at {old_size}")
    return "; ".join(said)


def main(argv):
    if len(argv) != 2:
        print("usage: verify_log.py BUNDLE.json (or - for standard input)", file=sys.stderr)
        return 2
    try:
        source = sys.stdin if argv[1] == "-" else open(argv[1], encoding="utf-8")
        with source:
            bundle = json.load(source)
    except (OSError, ValueError) as e:
        print(f"cannot read the bundle: {e}", file=sys.stderr)
        return 2
    try:
        print("OK: " + verify(bundle))
        return 0
    except Refused as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, AttributeError) as e:
        print(f"FAIL: the bundle is incomplete or of the wrong shape ({type(e).__name__}: {e})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
