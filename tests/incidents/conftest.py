"""Fixtures of the incidents tests: a small synthetic folder, generated once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory):
    from nadd.incidents.synth.generator import generate

    out = tmp_path_factory.mktemp("small")
    generate("small", 1, out)
    return out


@pytest.fixture(scope="session")
def small_batch(small_dir):
    from nadd.incidents import read_folder

    return read_folder(small_dir)
