"""The render workers' shared plan: every chunk rendered exactly once, each worker first
on its own contiguous share, then helping the one with the most left."""

from __future__ import annotations

import multiprocessing

import pytest

from kennosto.render_pages import Plan


def _context():
    return multiprocessing.get_context("spawn")  # only its Lock and RawArray are used


@pytest.mark.parametrize(("chunks", "workers"), [(0, 2), (1, 2), (7, 2), (10, 3), (122, 2)])
def test_every_chunk_is_taken_once(chunks: int, workers: int) -> None:
    plan = Plan(_context(), chunks, workers)
    taken: list[int] = []
    active = list(range(workers))
    while active:  # the workers take turns, as if they ran at the same speed
        for index in list(active):
            chunk = plan.take(index)
            if chunk is None:
                active.remove(index)
            else:
                taken.append(chunk)
    assert sorted(taken) == list(range(chunks))


def test_a_fast_worker_takes_its_share_in_order_then_steals_from_the_end() -> None:
    plan = Plan(_context(), 10, 2)  # shares 0-4 and 5-9
    assert [plan.take(0) for _ in range(5)] == [0, 1, 2, 3, 4]
    assert plan.take(1) == 5  # the slow worker begins its own share
    assert [plan.take(0) for _ in range(2)] == [9, 8]  # from the end of the other's
    assert [plan.take(1) for _ in range(3)] == [6, 7, None]
    assert plan.take(0) is None


def test_a_helper_has_no_share_and_only_takes_from_the_end_of_the_others() -> None:
    plan = Plan(_context(), 10, 2, helpers=1)  # shares 0-4 and 5-9; the helper (index 2) none
    assert plan.take(0) == 0
    assert plan.take(2) == 9  # the share with the most left: worker 1's
    assert plan.take(2) == 4  # now worker 0's has as many (1-4) as worker 1's (5-8)
    taken = [0, 9, 4]
    for index in (0, 1, 2) * 4:
        chunk = plan.take(index)
        if chunk is not None:
            taken.append(chunk)
    assert sorted(taken) == list(range(10))
    assert [plan.take(i) for i in (0, 1, 2)] == [None, None, None]


def test_costly_pages_are_taken_first_and_none_is_lost(tmp_path) -> None:
    """The workers take the lists, maps, providers and paths before the service pages
    (render_pages._chunks), a few at a time, so no long page is what one process renders last."""
    from helpers import copy_fixture

    from kennosto.graph import build_graph
    from kennosto.pages import iter_pages
    from kennosto.pipeline import load_model
    from kennosto.render import load_strings
    from kennosto.render_pages import _chunks

    root = copy_fixture("full", tmp_path)
    catalogue = load_model(root)[1]
    pages = list(iter_pages(catalogue, build_graph(catalogue), load_strings(root)))
    chunks = _chunks(pages, 256)
    ordered = [spec for chunk in chunks for spec in chunk]
    light = ("service.html", "redirect.html", "page.html")
    assert all(len(chunk) <= 8 for chunk in chunks if chunk[0].template not in light)
    assert sorted(spec.path for spec in ordered) == sorted(spec.path for spec in pages)
    kinds = [spec.template in light for spec in ordered]
    assert kinds.index(True) > 0 and all(kinds[kinds.index(True) :])
    assert any(spec.template == "path.html" for spec in ordered[: kinds.index(True)])
