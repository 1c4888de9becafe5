"""A loaded project remembered by what it was read from (``load_project(root, cached=True)``).

Reading a county's roster (10,000 members: YAML, validation, the public-content privacy check)
costs a records command seconds before it starts; the same bytes always give the same
``Project``. So after a load that found no error, the project is pickled into
``<project>/.pingan-cache/project.pickle`` under a key made of

- the bytes and relative path of every file the load reads or reports on (site_config.yml,
  every document, every YAML file under content/), and the project's absolute path;
- pingan's own code (every ``.py`` file of the package) and the versions of Python, pydantic
  and PyYAML that built the objects.

Anything changed gives another key, and the project is read again. What the load judges from
the folders as they are now rather than from the files (``paths.output_issues``: where outputs
and the database go) is judged again at every load, cached or not.

A pickle runs code when it is read, and a project folder may come from someone else (a zip
from the county). Each entry is therefore signed with HMAC-SHA256 under a key that lives
outside the project, in the user's cache folder (``$XDG_CACHE_HOME/pingan/project-cache.key``,
mode 0600), and is read only when the signature and the key both match: a planted, stale,
truncated or corrupt entry is ignored and replaced. Entries are written to a temporary file
and renamed into place (never half-written); a cache that cannot be written (a read-only
project) is no error, only slower.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import platform
import secrets
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pydantic
import yaml

from ..usercache import user_cache_dir
from .paths import CACHE_DIR

ENTRY = "project.pickle"
KEY_FILE = "project-cache.key"
_DIGEST = 32  # bytes of a SHA-256


def secret_path() -> Path:
    return user_cache_dir() / KEY_FILE


def signing_key(make: bool = True) -> bytes | None:
    """The user's key that signs what pingan pickles into a project (here and ``filecache``), made
    on first use; None when it cannot be read or made. With ``make=False`` only one that exists
    (nothing signed can be read without it, and a load that stores nothing makes nothing)."""
    path = secret_path()
    if not make:
        return _try_read_secret(path)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another pingan made it just now
        return _try_read_secret(path)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(_DIGEST))
    return _try_read_secret(path)


def _read_secret(path: Path) -> bytes | None:
    data = path.read_bytes()
    return data if len(data) == _DIGEST else None


def _try_read_secret(path: Path) -> bytes | None:
    try:
        return _read_secret(path)
    except OSError:
        return None


def code_key() -> bytes:
    """pingan's code and the libraries whose objects are pickled: a change to any is another key."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for part in (sys.version, platform.machine(), pydantic.VERSION, yaml.__version__):
        digest.update(part.encode() + b"\0")
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def fingerprint(root: Path, files: Iterable[Path], max_bytes: int) -> bytes | None:
    """The key of a project read from ``files``; None when one cannot be read or is too large
    to load (the full load then says what is wrong)."""
    digest = hashlib.sha256(code_key())
    digest.update(str(root).encode() + b"\0")
    try:
        for path in files:
            if path.stat().st_size > max_bytes:
                return None
            data = path.read_bytes()
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(len(data).to_bytes(8, "big") + data)
    except (OSError, ValueError):
        return None
    return digest.digest()


def usable(root: Path, outputs: Iterable[Path]) -> bool:
    """The cache folder is pingan's own: not a link, not in an output folder nor holding one (a
    site folder set to ``.pingan-cache`` would publish the roster with the site)."""
    folder = root / CACHE_DIR
    try:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return False
        resolved = folder.resolve()
        return not any(
            resolved.is_relative_to(output.resolve()) or output.resolve().is_relative_to(resolved)
            for output in outputs
        )
    except (OSError, RuntimeError):
        return False


def read(root: Path, key: bytes) -> object | None:
    """The object stored under ``key``, or None (no entry, another key, a bad signature, unreadable)."""
    secret = signing_key()
    if secret is None:
        return None
    try:
        blob = (root / CACHE_DIR / ENTRY).read_bytes()
    except OSError:
        return None
    signature, stored_key, payload = blob[:_DIGEST], blob[_DIGEST : 2 * _DIGEST], blob[2 * _DIGEST :]
    expected = hmac.new(secret, stored_key + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected) or not hmac.compare_digest(stored_key, key):
        return None
    # Unpickling builds a few hundred thousand objects and no cycle worth collecting; the cycle
    # collector would walk the growing heap again and again (0.8 s instead of 0.2 for 10,000 members).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    except Exception:  # signed by us, so only a pingan whose classes changed without a new key
        return None
    finally:
        if was_enabled:
            gc.enable()


def write(root: Path, key: bytes, value: object) -> None:
    """Store ``value`` under ``key`` (replacing any entry), atomically; silently nothing on failure."""
    secret = signing_key()
    if secret is None:
        return
    folder = root / CACHE_DIR
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".project-", suffix=".tmp")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(hmac.new(secret, key + payload, hashlib.sha256).digest() + key + payload)
        os.replace(temporary, folder / ENTRY)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
