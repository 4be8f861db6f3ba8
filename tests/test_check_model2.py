"""`check` on the fields of content model 2: kinds, providers, statuses, transition
details, path alternatives, vocabulary trees and required languages. The broken-catalogue
cases model2-* in tests/fixtures/invalid/ hold the full messages; these tests pin the
behaviour around them on small catalogues."""

from __future__ import annotations

import datetime
from pathlib import Path

from helpers import copy_fixture, diagnostics, kennosto, write

from kennosto.pipeline import check

SETTINGS = """\
title: {fi: Testi, sv: Test, en: Test}
languages: [fi, sv, en]
categories:
  tuki: {name: {fi: Tuki, sv: Stöd, en: Support}}
  tyo: {name: {fi: Työ, sv: Arbete, en: Work}, parent: tuki}
municipalities:
  lahti: {name: {fi: Lahti, sv: Lahtis, en: Lahti}}
referrers:
  kela: {name: {fi: Kela, sv: FPA, en: Kela}, organization: kela}
methods:
  lahete: {name: {fi: Lähete, sv: Remiss, en: Referral}}
"""
NAMES = "name: {fi: N, sv: N, en: N}\nsummary: {fi: S, sv: S, en: S}\nreviewed: 2026-11-01\n"


def catalogue(tmp_path: Path, files: dict[str, str], settings: str = SETTINGS) -> Path:
    return write(
        tmp_path / "c",
        {
            "kennosto.yaml": settings,
            "organizations/kela.yaml": "name: {fi: Kela, sv: FPA, en: Kela}\n",
            **files,
        },
    )


def found(root: Path, *args: str) -> list[str]:
    return diagnostics(kennosto("check", "--root", root, *args).stderr)


def test_every_new_field_in_use_is_clean_with_strict(tmp_path):
    root = catalogue(
        tmp_path,
        {
            "services/a.yaml": NAMES
            + """kind: team
providers:
  - {organization: kela, area: [lahti], note: {fi: Lahdessä}}
categories: [tyo, tuki]
audience: [professionals]
status: {state: pilot, since: 2026-01-01, until: 2099-12-31}
keywords: {fi: [tiimi], sv: [team]}
sources: [{title: Laki, url: 'https://example.org/', date: 2026-01-01}]
transitions:
  - {to: b, kind: next, by: kela, method: lahete, documents: [{fi: B-lausunto}], wait: {fi: Viikko}}
  - {to: c, by: client}
""",
            "services/b.yaml": NAMES + "kind: benefit\nprovider: kela\n",
            "services/c.yaml": NAMES + "kind: outcome\n",
            "paths/p.yaml": """name: {fi: P, sv: P, en: P}
summary: {fi: S, sv: S, en: S}
steps:
  - {service: a, stage: {fi: Alku}}
  - any_of: [b, c]
alongside: [{service: b, from_step: 1, to_step: 2}]
""",
        },
    )
    result = kennosto("check", "--root", root, "--strict")
    assert result.exit_code == 0, result.stderr


def test_any_transition_kind_links_consecutive_steps(tmp_path):
    path = "name: {fi: P, sv: P, en: P}\nsummary: {fi: S, sv: S, en: S}\nsteps: [{service: a}, {service: b}]\n"
    files = {"services/b.yaml": NAMES + "provider: kela\n", "paths/p.yaml": path}
    for kind, warned in (("next", False), ("alongside", False), ("consult", False), ("", True)):
        links = f"transitions: [{{to: b, kind: {kind}}}]\n" if kind else ""
        files["services/a.yaml"] = NAMES + "provider: kela\n" + links
        lines = found(catalogue(tmp_path / kind, files))
        assert lines == (
            [
                "paths/p.yaml:3:23: warning: steps 1 and 2: no transition from 'a' to 'b'; the "
                "diagram draws this link as 'no direct transition' (if clients move on this "
                "way, add the transition in services/a.yaml)"
            ]
            if warned
            else []
        ), kind


def test_any_alternative_of_a_step_links_it(tmp_path):
    root = catalogue(
        tmp_path,
        {
            "services/a.yaml": NAMES + "provider: kela\n",
            "services/b.yaml": NAMES + "provider: kela\ntransitions: [{to: c}]\n",
            "services/c.yaml": NAMES + "provider: kela\n",
            "services/d.yaml": NAMES + "provider: kela\n",
            "paths/p.yaml": "name: {fi: P, sv: P, en: P}\nsummary: {fi: S, sv: S, en: S}\n"
            "steps: [{any_of: [a, b]}, {any_of: [d, c]}, {service: a}]\n",
        },
    )
    assert found(root) == [
        "paths/p.yaml:3:45: warning: steps 2 and 3: no transition from 'd' or 'c' to 'a'; the "
        "diagram draws this link as 'no direct transition' (if clients move on this way, add "
        "the transition in services/d.yaml or services/c.yaml)"
    ]


def test_an_ended_entry_may_lead_into_an_ended_entry_without_a_warning(tmp_path):
    ended = "provider: kela\nstatus: {state: ended}\n"
    root = catalogue(
        tmp_path,
        {
            "services/a.yaml": NAMES + ended + "transitions: [{to: b}]\n",
            "services/b.yaml": NAMES + ended,
            "paths/p.yaml": "name: {fi: P, sv: P, en: P}\nsummary: {fi: S, sv: S, en: S}\n"
            "status: {state: ended}\nsteps: [{service: a}, {service: b}]\n",
        },
    )
    assert found(root) == []


def test_a_passed_until_warns_only_while_the_state_is_not_ended(tmp_path):
    root = catalogue(
        tmp_path,
        {
            "services/a.yaml": NAMES
            + "provider: kela\nstatus: {state: pilot, until: 2026-11-10}\n",
            "services/b.yaml": NAMES
            + "provider: kela\nstatus: {state: ended, until: 2026-11-10}\n",
        },
    )
    before = check(root, today=datetime.date(2026, 11, 10)).diagnostics
    after = check(root, today=datetime.date(2026, 11, 11)).diagnostics
    assert before == []
    assert [(d.path, d.line, d.severity) for d in after] == [("services/a.yaml", 5, "warning")]
    assert "2026-11-10 has passed but the state is still 'pilot'" in after[0].message


def test_old_forms_stay_valid(tmp_path):
    root = copy_fixture("minimal", tmp_path)
    assert kennosto("check", "--root", root, "--strict").exit_code == 0
    full = copy_fixture("full", tmp_path)
    assert kennosto("check", "--root", full).exit_code == 0


def test_required_languages_decide_which_missing_texts_warn(tmp_path):
    service = "name: {fi: N, en: N}\nsummary: {fi: S}\nreviewed: 2026-11-01\nprovider: kela\n"
    only_en = "required_languages: [fi, en]\n"
    root = catalogue(tmp_path / "a", {"services/a.yaml": service}, SETTINGS + only_en)
    assert found(root) == [
        "services/a.yaml:2:10: warning: summary: no English (en) text; Finnish is shown instead"
    ]
    root = catalogue(tmp_path / "b", {"services/a.yaml": service})
    assert [line.split(": warning: ")[1] for line in found(root)] == [
        "name: no Swedish (sv) text; Finnish is shown instead",
        "summary: no Swedish (sv), English (en) text; Finnish is shown instead",
    ]
    assert (
        found(
            catalogue(
                tmp_path / "c",
                {"services/a.yaml": service},
                SETTINGS.replace(
                    "languages: [fi, sv, en]", "languages: [fi, sv, en]\nrequired_languages: [fi]"
                ),
            )
        )
        == []
    )


def test_a_swedish_first_site_is_checked_like_any_other(tmp_path):
    settings = SETTINGS.replace("languages: [fi, sv, en]", "languages: [sv, fi]")
    service = "name: {fi: N, sv: N}\nsummary: {fi: S}\nreviewed: 2026-11-01\nprovider: kela\n"
    root = catalogue(tmp_path, {"services/a.yaml": service}, settings)
    assert found(root) == [
        "services/a.yaml:2:10: warning: summary: no Swedish (sv) text; Finnish is shown instead"
    ]


def test_vocabulary_names_are_checked_for_translations_at_their_line(tmp_path):
    settings = SETTINGS + "target_groups:\n  nuoret:\n    name: {fi: Nuoret}\n"
    root = catalogue(tmp_path, {}, settings)
    assert found(root) == [
        "kennosto.yaml:14:11: warning: target_groups.nuoret.name: no Swedish (sv), English (en) "
        "text; Finnish is shown instead"
    ]
    assert kennosto("check", "--root", root, "--strict").exit_code == 1


def test_by_client_needs_no_referrers_but_a_method_needs_methods(tmp_path):
    settings = "languages: [fi]\n"
    service = (
        "name: {fi: N}\nsummary: {fi: S}\nreviewed: 2026-11-01\nprovider: kela\n"
        "transitions: [{to: b, by: client, method: soitto}, {to: c, by: kela}]\n"
    )
    root = catalogue(
        tmp_path,
        {
            "services/a.yaml": service,
            "services/b.yaml": "name: {fi: N}\nsummary: {fi: S}\nreviewed: 2026-11-01\nkind: outcome\n",
            "services/c.yaml": "name: {fi: N}\nsummary: {fi: S}\nreviewed: 2026-11-01\nkind: outcome\n",
        },
        settings,
    )
    assert found(root) == [
        "services/a.yaml:5:43: error: unknown method 'soitto' (define 'methods' in kennosto.yaml)",
        "services/a.yaml:5:64: error: unknown referrer 'kela' (known: client)",
    ]
