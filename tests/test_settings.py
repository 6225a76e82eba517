from pathlib import Path

import pytest

from nadd.errors import ConfigError
from nadd.settings import Settings


def test_defaults_use_the_embedded_store_and_english():
    s = Settings()
    assert s.database_url.startswith("duckdb://") and s.language == "en"


def test_environment_overrides_config_file_which_overrides_defaults(tmp_path, monkeypatch):
    cfg = tmp_path / "nadd.toml"
    cfg.write_text('[nadd]\nlanguage = "fr"\ndatabase_url = "duckdb:///x.duckdb"\n')
    monkeypatch.setenv("NADD_CONFIG", str(cfg))
    assert Settings().language == "fr"
    monkeypatch.setenv("NADD_LANGUAGE", "es")
    s = Settings()
    assert s.language == "es" and s.database_url == "duckdb:///x.duckdb"


def test_yaml_config_is_read(tmp_path, monkeypatch):
    cfg = tmp_path / "nadd.yaml"
    cfg.write_text("owner_country: MX\n")
    monkeypatch.setenv("NADD_CONFIG", str(cfg))
    assert Settings().owner_country == "MX"


def test_a_missing_config_file_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("NADD_CONFIG", "/nonexistent/nadd.toml")
    with pytest.raises(ConfigError, match="does not exist"):
        Settings()


def test_an_unknown_language_is_refused(monkeypatch):
    monkeypatch.setenv("NADD_LANGUAGE", "de")
    with pytest.raises(Exception, match="language"):
        Settings()
