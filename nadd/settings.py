"""Every setting nadd reads, declared once.

Values come from (highest first) keyword arguments, environment variables ``NADD_*``,
the config file named by ``NADD_CONFIG`` (TOML or YAML), then the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

Language = Literal["en", "es", "fr"]


class _ConfigFileSource(PydanticBaseSettingsSource):
    """Reads the optional config file so that it sits below environment variables."""

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get("NADD_CONFIG")
        if not path:
            return {}
        p = Path(path)
        if not p.exists():
            from nadd.errors import ConfigError

            raise ConfigError(
                f"config file {p} named by NADD_CONFIG does not exist",
                hint="unset NADD_CONFIG or point it to a .toml or .yaml file",
            )
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text) if p.suffix == ".toml" else yaml.safe_load(text) or {}
        return data.get("nadd", data)

    def get_field_value(self, field, field_name):  # pragma: no cover - required by ABC
        return None, field_name, False


class Settings(BaseSettings):
    """nadd settings. Each field's description is its help text in docs and the CLI."""

    model_config = SettingsConfigDict(env_prefix="NADD_", extra="ignore")

    database_url: str = Field(
        "duckdb:///var/nadd.duckdb",
        description="Store URL: duckdb:///path/to/file.duckdb (default, embedded) "
        "or postgresql://user:pass@host:port/db (server store).",
    )
    data_dir: Path = Field(
        Path(__file__).parent / "data",
        description="Folder of the bundled source snapshots that `nadd ingest` loads.",
    )
    language: Language = Field("en", description="Language of user-facing text: en, es or fr.")
    owner_country: str = Field(
        "US", description="ISO 3166-1 alpha-2 code of the country this node belongs to."
    )
    owner_agency: str = Field(
        "nadd-public", description="Agency that owns records this node creates."
    )
    progress: bool = Field(True, description="Show progress bars on loads over a second.")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (init_settings, env_settings, _ConfigFileSource(settings_cls), file_secret_settings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
