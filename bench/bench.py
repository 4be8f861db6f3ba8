"""Benchmark: generate a synthetic catalogue of N services and time `check` and `build`.

    python bench/bench.py                 # N = 1,000 and 10,000
    python bench/bench.py -n 2000 --keep  # one size; keep the catalogue in bench/out/

The catalogue has three languages, categories, target groups, municipalities, referrers,
3 transitions per service, Markdown descriptions and one path per 50 services, so every
stage does realistic work. Each figure is the best of --repeat runs of the CLI in a fresh
process (what a maintainer waits for), search index off unless --search.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = [
    "työkyky",
    "kuntoutus",
    "ohjaus",
    "tuki",
    "arviointi",
    "työllisyys",
    "palvelu",
    "asiakas",
    "suunnitelma",
    "valmennus",
    "neuvonta",
    "terveys",
    "sosiaalityö",
    "koulutus",
    "polku",
    "verkosto",
]


def _langmap(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"{{fi: '{text.capitalize()}.', sv: 'Svenska {text}.', en: 'English {text}.'}}"


def generate(root: Path, n: int, seed: int = 1) -> None:
    """Write a catalogue of `n` services into `root` (replacing it)."""
    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    for folder in ("services", "organizations", "paths"):
        (root / folder).mkdir(parents=True)
    categories = [f"cat-{i}" for i in range(20)]
    groups = [f"group-{i}" for i in range(10)]
    towns = [f"town-{i}" for i in range(10)]
    refs = [f"ref-{i}" for i in range(6)]
    settings = ["title: {fi: Benchmark, sv: Benchmark, en: Benchmark}", "languages: [fi, sv, en]"]
    for key, slugs in (
        ("categories", categories),
        ("target_groups", groups),
        ("municipalities", towns),
        ("referrers", refs),
    ):
        settings.append(f"{key}:")
        settings += [f"  {s}: {{name: {_langmap(rng, 2)}}}" for s in slugs]
    (root / "kennosto.yaml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    orgs = max(4, n // 100)
    for i in range(orgs):
        (root / "organizations" / f"org-{i}.yaml").write_text(
            f"name: {_langmap(rng, 3)}\nkind: other\nreviewed: 2026-11-01\n", encoding="utf-8"
        )
    for i in range(n):
        (root / "services" / f"service-{i}.yaml").write_text(
            _service(rng, i, n, orgs, categories, groups, towns, refs), encoding="utf-8"
        )
    for i in range(max(2, n // 50)):
        steps = "\n".join(
            f"  - service: service-{rng.randrange(n)}\n    note: {_langmap(rng, 6)}"
            for _ in range(5)
        )
        (root / "paths" / f"path-{i}.yaml").write_text(
            f"name: {_langmap(rng, 3)}\nsummary: {_langmap(rng, 10)}\nsteps:\n{steps}\n",
            encoding="utf-8",
        )


def _service(rng, i, n, orgs, categories, groups, towns, refs) -> str:
    targets = sorted({rng.randrange(n) for _ in range(3)} - {i})
    transitions = "\n".join(f"  - to: service-{t}\n    when: {_langmap(rng, 8)}" for t in targets)
    description = " ".join(rng.choice(WORDS) for _ in range(60))
    return f"""name: {_langmap(rng, 3)}
summary: {_langmap(rng, 12)}
provider: org-{rng.randrange(orgs)}
reviewed: 2026-11-01
category: {rng.choice(categories)}
target_groups: [{", ".join(rng.sample(groups, 2))}]
area: [{", ".join(rng.sample(towns, 3))}]
referrers: [{", ".join(rng.sample(refs, 2))}]
age: {{min: 16, max: 64}}
cost: {{free: true}}
description:
  fi: |
    {description.capitalize()}.

    - **{rng.choice(WORDS)}** {rng.choice(WORDS)}
    - [linkki](https://example.org/{i})
  sv: Svenska {description}.
  en: English {description}.
transitions:
{transitions}
"""


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "kennosto.cli", *args], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"kennosto {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, action="append", help="number of services (repeatable)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--search", action="store_true", help="include the search index")
    parser.add_argument(
        "--keep", action="store_true", help="keep the catalogue and site in bench/out/"
    )
    args = parser.parse_args()
    for n in args.n or [1000, 10000]:
        root = HERE / "out" / f"catalogue-{n}"
        generate(root, n)
        out = HERE / "out" / f"site-{n}"
        check = min(timed(["check", "--root", str(root)]) for _ in range(args.repeat))
        build_args = ["build", "--root", str(root), "--out", str(out), "--quiet"]
        if not args.search:
            build_args.append("--no-search")
        build = min(timed(build_args) for _ in range(args.repeat))
        pages = sum(1 for _ in out.rglob("*.html"))
        print(f"N={n:>6}: check {check:6.2f} s   build {build:6.2f} s   ({pages} pages)")
        if not args.keep:
            shutil.rmtree(HERE / "out", ignore_errors=True)


if __name__ == "__main__":
    main()
