"""The only door to `knowledge/`: load (validated, cached) and lint the knowledge base.

Parsing ~1 MB of YAML costs ~120 ms, most of `advisor ask`'s budget, so a validated
knowledge base is cached as msgpack (decoded in ~5 ms) in the user's cache directory,
keyed by the advisor version and the size and mtime of every YAML file. Any change to a
file makes a new key; an unwritable cache directory only costs speed.
"""

from __future__ import annotations

import os
import zlib
from functools import lru_cache
from pathlib import Path

from advisor import __version__
from advisor.kb.files import knowledge_dir
from advisor.model.knowledge import KnowledgeBase

__all__ = ["KnowledgeBase", "knowledge_dir", "load_knowledge"]


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """The knowledge base at `root` (default: the shipped one); raises at the first problem."""
    return _cached(root or knowledge_dir())


@lru_cache(maxsize=4)
def _cached(root: Path) -> KnowledgeBase:
    import msgspec

    path = _cache_path(root)
    if path is not None and path.is_file():
        try:
            return msgspec.msgpack.decode(path.read_bytes(), type=KnowledgeBase)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            pass  # a stale or damaged cache is rebuilt below
    from advisor.kb.index import with_index
    from advisor.kb.loader import load_knowledge as load  # PyYAML: only on a cache miss

    kb = with_index(load(root))
    if path is not None:
        _write(path, msgspec.msgpack.encode(kb))
    return kb


def _cache_path(root: Path) -> Path | None:
    if os.environ.get("ADVISOR_NO_CACHE"):
        return None
    # The YAML files, and the code that turns them into a KnowledgeBase.
    code = Path(__file__).parent
    stats = [file.stat() for file in root.rglob("*.yaml")]
    stats += [(code / name).stat() for name in ("loader.py", "index.py")]
    stats += [(code.parent / "model" / name).stat() for name in ("knowledge.py", "lexicon.py")]
    # One cache file per knowledge directory (crc32 of its path: stable across processes,
    # unlike hash()); its contents are valid for one version + file set + newest mtime.
    place = zlib.crc32(str(root.resolve()).encode())
    state = (f"{__version__}-{len(stats)}-{sum(s.st_size for s in stats)}-"
             f"{max((s.st_mtime_ns for s in stats), default=0)}")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor" / f"kb-{place:08x}-{state}.msgpack"


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        place = path.name.split("-")[1]
        for stale in path.parent.glob(f"kb-{place}-*.msgpack"):  # older states of this KB
            stale.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass
