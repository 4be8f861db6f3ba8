"""Benchmark: how long the preview (`kennosto serve`) takes to rebuild after one edit.

    python bench/bench_rebuild.py              # the bundled catalogue and 10,000 services
    python bench/bench_rebuild.py --root DIR   # a catalogue of your own (it is copied)
    python bench/bench_rebuild.py -n 2000      # a generated catalogue of N services

In one process, as `serve` does: a first build, then one service's summary is edited and
the site rebuilt three ways: as `serve` does (only the pages the edit can change
rendered, only changed files written), all pages rendered but written in place, and
atomically as `kennosto build` does (a new folder swapped in, the old one removed). Best
of --repeat edits; search off, diagrams on.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench import generate  # noqa: E402
from kennosto.incremental import Incremental  # noqa: E402
from kennosto.pipeline import BuildOptions, build  # noqa: E402

TODAY = datetime.date(2026, 11, 30)


def edit(root: Path, round_: int) -> None:
    """Prefix the Finnish summary of the first service with 'Muokattu N.'."""
    path = sorted((root / "services").glob("*.yaml"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    if "{fi: '" in lines[i]:
        lines[i] = lines[i].replace("{fi: '", f"{{fi: 'Muokattu {round_}. ", 1)
    else:
        lines[i + 1] = lines[i + 1].replace("fi: ", f"fi: Muokattu {round_}. ", 1)
    path.write_text("".join(lines), encoding="utf-8")


CATALOGUE = {"kennosto.yaml", "services", "organizations", "paths", "content", "templates"}


def measure(root: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kennosto-bench-") as work:
        catalogue = Path(work) / "catalogue"
        keep = CATALOGUE | {"national"}  # the bundled catalogue includes national/

        def ignore(folder: str, names: list[str]) -> list[str]:
            return [n for n in names if n not in keep] if Path(folder) == root else []

        shutil.copytree(root, catalogue, ignore=ignore)
        options = BuildOptions(search=False, today=TODAY)
        in_place = BuildOptions(search=False, today=TODAY, in_place=True)
        serve = BuildOptions(search=False, today=TODAY, in_place=True, incremental=Incremental())
        started = time.perf_counter()
        result = build(catalogue, Path(work) / "serve", serve)
        first = time.perf_counter() - started
        build(catalogue, Path(work) / "in-place", in_place)
        build(catalogue, Path(work) / "atomic", options)
        modes = (
            ("serve (affected pages, in place)", serve, "serve"),
            ("all pages in place", in_place, "in-place"),
            ("atomic", options, "atomic"),
        )
        times: dict[str, list[float]] = {name: [] for name, _, _ in modes}
        for round_ in range(repeat):
            edit(catalogue, round_)
            for name, opts, out in modes:
                started = time.perf_counter()
                build(catalogue, Path(work) / out, opts)
                times[name].append(time.perf_counter() - started)
        print(
            f"{root}: {result.pages} pages; first build {first:.2f} s; after one edit: "
            + ", ".join(f"{name} {min(t):.2f} s" for name, t in times.items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, action="append")
    parser.add_argument("-n", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    roots = list(args.root or [])
    sizes = args.n or ([] if roots else [10_000])
    if not args.root and not args.n:
        roots.append(HERE.parent)
    for root in roots:
        measure(root, args.repeat)
    for n in sizes:
        target = HERE / "out" / f"rebuild-{n}"
        generate(target, n)
        measure(target, args.repeat)


if __name__ == "__main__":
    main()
