"""Benchmark: generate a synthetic catalogue of N services and time `check` and `build`.

    python bench/bench.py                 # N = 1,000 and 10,000
    python bench/bench.py -n 2000 --keep  # one size; keep the catalogue in bench/out/

The catalogue has three languages, categories, target groups, municipalities, referrers,
3 transitions per service, Markdown descriptions and one path per 50 services, so every
stage does realistic work. Each figure is the best of --repeat runs of the CLI in a fresh
process (what a maintainer waits for), search index off unless --search. The builds with
and without diagrams alternate, and their CPU time (user + system, all workers) is shown
too: on a shared machine or a virtual disk it is steadier than the wall clock. The first
build, into an empty folder, is shown on its own: it writes every file, where a rebuild
writes only what changed. With --search it also times Pagefind alone and measures the
bytes a browser downloads for the search page plus a first query (headless Chromium;
needs the test tools).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True, order=True)
class Run:
    wall: float  # seconds a maintainer waits
    cpu: float  # user + system seconds of the process and its render workers


def timed(args: list[str]) -> Run:
    os.sync()  # the previous run's files reach the disk now, not during this run
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "kennosto.cli", *args], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"kennosto {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(elapsed, cpu)


def index_time(site: Path) -> tuple[float, int]:
    """Seconds Pagefind takes to index a built site (in a fresh process), and its pages."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    code = (
        "import sys, time; from pathlib import Path; from kennosto.search import index_site\n"
        "t = time.perf_counter(); r = index_site(Path(sys.argv[1]))\n"
        "print(time.perf_counter() - t, r.pages)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)], capture_output=True, text=True, check=True
    )
    seconds, pages = result.stdout.split()
    return float(seconds), int(pages)


def search_bytes(site: Path, lang: str = "fi", query: str = "kuntoutus") -> dict[str, Any]:
    """Bytes a browser downloads for the search page plus a first query: loads
    /LANG/search/?q=QUERY in headless Chromium and sums the Performance API's sizes
    ("files": each file's gzip-compressed bytes)."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import tempfile

    from conftest import CHROMEDRIVER, chrome_options, serve
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    server = serve(site)
    base = next(server)
    with tempfile.TemporaryDirectory() as profile:
        driver = webdriver.Chrome(
            service=Service(str(CHROMEDRIVER)), options=chrome_options(Path(profile))
        )
        try:
            driver.get(f"{base}{lang}/search/?q={query}")
            WebDriverWait(driver, 60).until(
                lambda d: d.find_element("id", "search-form").get_attribute("data-done")
            )
            entries = driver.execute_script(
                "return performance.getEntriesByType('navigation')"
                ".concat(performance.getEntriesByType('resource'))"
                ".map(e => [e.name, e.transferSize, e.encodedBodySize])"
            )
        finally:
            driver.quit()
            next(server, None)
    files = {name.split("/", 3)[3]: body for name, _, body in entries}
    each: dict[str, int] = {}
    for name in files:
        path = site / name.split("?")[0]
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():  # e.g. the browser's favicon.ico request (404)
            continue
        data = path.read_bytes()
        # .pagefind/.pf_* files are gzip already; text files would be compressed by a server
        each[name.split("?")[0]] = (
            len(data)
            if path.suffix.startswith((".pf", ".pagefind"))
            else len(__import__("gzip").compress(data, 9))
        )
    return {
        "requests": len(entries),
        "transfer": sum(t for _, t, _ in entries),
        "body": sum(files.values()),
        "gzip": sum(each.values()),
        "files": each,  # type: ignore[dict-item]
    }


def report_search(site: Path, repeat: int) -> None:
    best, pages = min(index_time(site) for _ in range(repeat))
    print(f"          search index: {best:6.2f} s ({pages} HTML files read)")
    try:
        size = search_bytes(site)
    except Exception as exc:  # Chromium or selenium missing: report, do not fail the timing
        print(f"          search page bytes: not measured ({exc.__class__.__name__}: {exc})")
        return
    print(
        f"          search page + first query: {size['requests']} requests, "
        f"{size['body'] / 1024:.0f} KB as served uncompressed "
        f"({size['transfer'] / 1024:.0f} KB with headers), "
        f"{size['gzip'] / 1024:.0f} KB with gzip on the server"
    )


def _remove_site(out: Path) -> None:
    """Remove a site and the spare a rebuild keeps beside it."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.spare", ignore_errors=True)


def _percent(value: float, base: float) -> str:
    return f"{(value / base - 1) * 100:+.0f}%"


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
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="where to write the sites (e.g. /dev/shm, to time CPU work without the disk)",
    )
    args = parser.parse_args()
    for n in args.n or [1000, 10000]:
        root = HERE / "out" / f"catalogue-{n}"
        generate(root, n)
        out = (args.site_dir or HERE / "out") / f"site-{n}"
        check = min(timed(["check", "--root", str(root)]) for _ in range(args.repeat)).wall
        build_args = ["build", "--root", str(root), "--out", str(out), "--quiet"]
        if not args.search:
            build_args.append("--no-search")
        _remove_site(out)
        first = timed(build_args)  # into an empty folder: every file is written
        # Alternate the two builds, so a slow spell of the disk or the host hits both alike.
        # Each rebuild finds the site of the build before it, and the one before that as
        # its spare (kennosto/reuse.py): it writes only the files that changed.
        plain_runs, runs = [], []
        for _ in range(args.repeat):
            plain_runs.append(timed([*build_args, "--no-diagrams"]))
            runs.append(timed(build_args))
        plain, build = min(plain_runs), min(runs)
        plain_cpu, cpu = min(r.cpu for r in plain_runs), min(r.cpu for r in runs)
        pages = sum(1 for _ in out.rglob("*.html"))
        print(
            f"N={n:>6}: check {check:6.2f} s   build {build.wall:6.2f} s   ({pages} pages; "
            f"without diagrams {plain.wall:.2f} s, diagrams {_percent(build.wall, plain.wall)})\n"
            f"          CPU time of the build: {cpu:.1f} s; without diagrams {plain_cpu:.1f} s, "
            f"diagrams {_percent(cpu, plain_cpu)}\n"
            f"          first build, into an empty folder: {first.wall:.2f} s, CPU {first.cpu:.1f} s"
        )
        if args.search:
            report_search(out, args.repeat)
        if not args.keep:
            shutil.rmtree(HERE / "out", ignore_errors=True)
            _remove_site(out)


if __name__ == "__main__":
    main()
