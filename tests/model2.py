"""A small catalogue in content model 2: every kind, state and new field the pages show.

kennosto.yaml lists Swedish first; categories form a tree (valmennus under tyo); the
work ability team is for professionals only, has two providers in different
municipalities, two categories, keywords and sources, and consults job coaching; job
coaching is a pilot leading to an outcome and to an ended service; the path has stages,
alternatives, an entry alongside and a step with no transition into it.
"""

from __future__ import annotations

from pathlib import Path

from helpers import write

FILES = {
    "kennosto.yaml": (
        "title: {fi: Malli 2, sv: Modell 2, en: Model 2}\n"
        "languages: [sv, fi, en]\n"
        "region: {fi: Testialue, sv: Testområde, en: Test region}\n"
        "categories:\n"
        "  tyo: {name: {fi: Työ, sv: Arbete, en: Work}}\n"
        "  valmennus: {name: {fi: Valmennus, sv: Coachning, en: Coaching}, parent: tyo}\n"
        "  tuki: {name: {fi: Tuki, sv: Stöd, en: Support}}\n"
        "target_groups:\n"
        "  nuoret: {name: {fi: Nuoret, sv: Unga, en: Young people}}\n"
        "municipalities:\n"
        "  lahti: {name: {fi: Lahti, sv: Lahtis, en: Lahti}}\n"
        "  hollola: {name: {fi: Hollola, sv: Hollola, en: Hollola}}\n"
        "  orimattila: {name: {fi: Orimattila, sv: Orimattila, en: Orimattila}}\n"
        "referrers:\n"
        "  sote: {name: {fi: Sote-ammattilainen, sv: Social- och hälsovårdspersonal, en: Health and social care professional}, organization: alue}\n"
        "methods:\n"
        "  lahete: {name: {fi: Sähköinen lähete, sv: Elektronisk remiss, en: Electronic referral}, description: {fi: Lähete potilastietojärjestelmässä., sv: Remiss i patientdatasystemet., en: A referral in the patient record system.}}\n"
    ),
    "organizations/alue.yaml": (
        "name: {fi: Hyvinvointialue, sv: Välfärdsområde, en: Wellbeing county}\n"
        "sources:\n"
        '  - {title: Alueen verkkosivu, url: "https://example.org/alue", date: 2026-10-01}\n'
    ),
    "organizations/jarjesto.yaml": (
        "name: {fi: Järjestö, sv: Organisation, en: Association}\n"
        "status: {state: changing, since: 2026-06-01, note: {fi: Toiminta siirtyy alueelle., sv: Verksamheten flyttar till området., en: The work moves to the county.}}\n"
    ),
    "organizations/kela.yaml": ("name: {fi: Kela, sv: FPA, en: Kela}\n"),
    "paths/polku.yaml": (
        "name: {fi: Polku, sv: Stig, en: Path}\n"
        "summary: {fi: Tiimistä työhön., sv: Från teamet till arbete., en: From the team to work.}\n"
        "steps:\n"
        "  - service: tiimi\n"
        "    stage: {fi: Tunnistaminen, sv: Identifiering, en: Recognition}\n"
        "  - any_of: [valmennus, suunnitelma]\n"
        "    stage: {fi: Tuki, sv: Stöd, en: Support}\n"
        "  - service: tyo\n"
        "    stage: {fi: Tulos, sv: Resultat, en: Outcome}\n"
        "  - service: opinnot\n"
        "alongside:\n"
        "  - {service: koordinaattori, from_step: 1, to_step: 2, note: {fi: Kulkee rinnalla., sv: Följer med., en: Goes along.}}\n"
        "sources:\n"
        '  - {title: Polkukuvaus, url: "https://example.org/polku", date: 2026-05-05}\n'
    ),
    "services/etuus.yaml": (
        "kind: benefit\n"
        "name: {fi: Kuntoutusraha, sv: Rehabiliteringspenning, en: Rehabilitation allowance}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "provider: kela\n"
        "category: tuki\n"
    ),
    "services/koordinaattori.yaml": (
        "kind: role\n"
        "name: {fi: Asiakaskoordinaattori, sv: Klientkoordinator, en: Client coordinator}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "provider: alue\n"
        "category: tuki\n"
    ),
    "services/opinnot.yaml": (
        "kind: outcome\n"
        "name: {fi: Opinnot, sv: Studier, en: Studies}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "category: tyo\n"
    ),
    "services/suunnitelma.yaml": (
        "kind: plan\n"
        "name: {fi: Kuntoutussuunnitelma, sv: Rehabiliteringsplan, en: Rehabilitation plan}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "provider: alue\n"
        "category: tuki\n"
        "status: {state: planned, since: 2027-01-01}\n"
    ),
    "services/tiimi.yaml": (
        "kind: team\n"
        "name: {fi: Työkykytiimi, sv: Arbetsförmågeteam, en: Work ability team}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "audience: [professionals]\n"
        "providers:\n"
        "  - {organization: alue, area: [lahti], note: {fi: Lahden tiimi., sv: Teamet i Lahtis., en: The Lahti team.}}\n"
        "  - {organization: jarjesto, area: [hollola]}\n"
        "category: tuki\n"
        "categories: [valmennus]\n"
        "target_groups: [nuoret]\n"
        "keywords: {fi: [TKT, työkykykoordinaatio], sv: [arbetsförmågeteamet], en: [WAT]}\n"
        "sources:\n"
        '  - {title: Toimintamalli 2026, url: "https://example.org/malli", date: 2026-09-15}\n'
        "  - {title: Haastattelu}\n"
        "transitions:\n"
        "  - to: valmennus\n"
        "    when: {fi: Kun työkyky on selvitetty., sv: När arbetsförmågan är utredd., en: When work ability has been assessed.}\n"
        "    kind: consult\n"
        "    by: sote\n"
        "    method: lahete\n"
        "    documents: [{fi: Lähete, sv: Remiss, en: Referral}, {fi: Työkykyarvio, sv: Bedömning, en: Assessment}]\n"
        "    wait: {fi: Noin kaksi viikkoa., sv: Cirka två veckor., en: About two weeks.}\n"
        "  - to: koordinaattori\n"
        "    kind: alongside\n"
        "    when: {fi: Koko ajan., sv: Hela tiden., en: All along.}\n"
    ),
    "services/tyo.yaml": (
        "kind: outcome\n"
        "name: {fi: Työ, sv: Arbete, en: Work}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "category: tyo\n"
    ),
    "services/valmennus.yaml": (
        "name: {fi: Työhönvalmennus, sv: Jobbcoachning, en: Job coaching}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "provider: alue\n"
        "area: [orimattila]\n"
        "category: valmennus\n"
        "target_groups: [nuoret]\n"
        "status: {state: pilot, since: 2026-01-01, until: 2026-12-31, note: {fi: Kokeilu päättyy vuoden lopussa., sv: Försöket slutar vid årets slut., en: The pilot ends at the end of the year.}}\n"
        "transitions:\n"
        "  - to: tyo\n"
        "    by: client\n"
        "    when: {fi: Kun työpaikka löytyy., sv: När ett jobb hittas., en: When a job is found.}\n"
        "  - to: vanha\n"
        "    when: {fi: Ennen., sv: Förr., en: Formerly.}\n"
    ),
    "services/vanha.yaml": (
        "name: {fi: Vanha palvelu, sv: Gammal tjänst, en: Old service}\n"
        "summary: {fi: Lyhyesti., sv: Kort., en: In short.}\n"
        "reviewed: 2026-11-01\n"
        "provider: alue\n"
        "category: tuki\n"
        "target_groups: [nuoret]\n"
        "status: {state: ended, since: 2025-12-31, note: {fi: Korvattu valmennuksella., sv: Ersatt av coachning., en: Replaced by coaching.}}\n"
        "keywords: {fi: [vanhahaku]}\n"
    ),
}


def model2_catalogue(root: Path, **changes: str) -> Path:
    """Write the catalogue under `root`; `changes` replace files by relative path."""
    return write(root, {**FILES, **changes})
