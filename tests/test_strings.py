"""The interface text exists in all three languages (a comma in a YAML flow mapping once
silently split a string in two; this catches that too)."""

from __future__ import annotations

import yaml
from helpers import REPO

LANGS = {"fi", "sv", "en"}


def test_every_interface_string_in_fi_sv_en():
    strings = yaml.safe_load((REPO / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    for key, value in strings.items():
        assert isinstance(value, dict), key
        assert set(value) == LANGS, f"{key}: {sorted(value)}"
        for lang, text in value.items():
            assert text, f"{key}.{lang} is empty"
