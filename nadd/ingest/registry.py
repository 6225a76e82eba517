"""Finds every adapter: each module in nadd.ingest.sources defines one or more."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import lru_cache

from nadd.errors import NotFound
from nadd.ingest.adapter import Adapter


@lru_cache(maxsize=1)
def adapters() -> dict[str, Adapter]:
    import nadd.ingest.sources as pkg

    found: dict[str, Adapter] = {}
    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{mod.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Adapter) and cls is not Adapter and not inspect.isabstract(cls) \
                    and cls.__module__ == module.__name__:
                if cls.id in found:
                    raise RuntimeError(f"two adapters share the id {cls.id!r}")
                found[cls.id] = cls()
    return dict(sorted(found.items()))


def get(source_id: str) -> Adapter:
    try:
        return adapters()[source_id]
    except KeyError:
        raise NotFound(
            f"no source adapter {source_id!r}",
            hint=f"known sources: {', '.join(adapters())}; see `nadd sources`",
        ) from None
