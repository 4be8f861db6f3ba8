"""Benchmark: how long the preview (`kennosto serve`) takes to rebuild after one edit.

    python bench/bench_rebuild.py              # the bundled catalogue and 10,000 services
    python bench/bench_rebuild.py --root DIR   # a catalogue of your own (it is copied)
    python bench/bench_rebuild.py -n 2000      # a generated catalogue of N services

In one process, as `serve` does: a first build, then one service's summary is edited and
the site rebuilt three ways: as `serve` does (only the pages the edit can change
rendered, only changed files written), all pages rendered but written in place, and
atomically as `kennosto build` does (the spare site updated and swapped in). Best
of --repeat edits (every run is listed too); search off, diagrams on. For `serve`, the
time until the edited entries' pages are written (when the preview reloads the browser,
before the lists, maps and data files) is shown as well. `--modes serve` times only
the preview's rebuild (the slow atomic build is left out). The CPU time (user + system of this process
and its render workers) is shown beside the wall clock: on a shared machine it is the
steadier figure.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench import generate  # noqa: E402
from kennosto.files import builtin_templates  # noqa: E402
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


MODES = {
    "serve": "serve (affected pages, in place)",
    "in-place": "all pages in place",
    "atomic": "atomic",
}


def _cpu() -> float:
    """User + system seconds of this process and its finished children (render workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(root: Path, repeat: int, modes: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="kennosto-bench-") as work:
        catalogue = Path(work) / "catalogue"
        keep = CATALOGUE | {"national"}  # the bundled catalogue includes national/
        if (root / "templates").resolve() == builtin_templates().resolve():
            # The bundled catalogue's templates/ is Kennosto's own; copied, it would be
            # checked as a catalogue's override (which its strings.yaml is not).
            keep = keep - {"templates"}

        def ignore(folder: str, names: list[str]) -> list[str]:
            return [n for n in names if n not in keep] if Path(folder) == root else []

        shutil.copytree(root, catalogue, ignore=ignore)
        options = BuildOptions(search=False, today=TODAY)
        in_place = BuildOptions(search=False, today=TODAY, in_place=True)
        ready: list[float] = []  # when the edited entries' pages were written (serve)
        serve = BuildOptions(
            search=False,
            today=TODAY,
            in_place=True,
            incremental=Incremental(),
            pages_ready=lambda: ready.append(time.perf_counter()),
        )
        started = time.perf_counter()
        result = build(catalogue, Path(work) / "serve", serve)
        first = time.perf_counter() - started
        chosen = [
            (MODES[name], opts, name)
            for name, opts in (("serve", serve), ("in-place", in_place), ("atomic", options))
            if name in modes
        ]
        for _, opts, out in chosen[1:]:
            build(catalogue, Path(work) / out, opts)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in chosen}
        shown: list[float] = []
        for round_ in range(repeat):
            edit(catalogue, round_)
            for name, opts, out in chosen:
                ready.clear()
                started, cpu = time.perf_counter(), _cpu()
                build(catalogue, Path(work) / out, opts)
                times[name].append((time.perf_counter() - started, _cpu() - cpu))
                if ready:
                    shown.append(ready[0] - started)
        print(
            f"{root}: {result.pages} pages; first build {first:.2f} s; after one edit: "
            + ", ".join(
                f"{name} {min(t)[0]:.2f} s (CPU {min(t)[1]:.2f} s)" for name, t in times.items()
            )
            + (f"; the edited pages written after {min(shown):.2f} s" if shown else "")
        )
        for name, runs in times.items():
            print(f"  {name}: " + ", ".join(f"{w:.2f} s (CPU {c:.2f} s)" for w, c in runs))
        if shown:
            print("  edited pages written after: " + ", ".join(f"{t:.2f} s" for t in shown))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, action="append")
    parser.add_argument("-n", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--modes",
        default="serve,in-place,atomic",
        help="comma-separated: serve, in-place, atomic (default: all three)",
    )
    args = parser.parse_args()
    roots = list(args.root or [])
    sizes = args.n or ([] if roots else [10_000])
    if not args.root and not args.n:
        roots.append(HERE.parent)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown or not modes:
        parser.error(f"--modes: choose from {', '.join(MODES)}")
    for root in roots:
        measure(root, args.repeat, modes)
    for n in sizes:
        target = HERE / "out" / f"rebuild-{n}"
        generate(target, n)
        measure(target, args.repeat, modes)


if __name__ == "__main__":
    main()
