"""The formatter's lossless parse keeps the comments of each call to itself: one shared Lark
instance, no shared list, so parses in two threads never see each other's comments."""

from __future__ import annotations

import threading

import pytest
from lark.exceptions import UnexpectedInput

from archdsl.fmt.tokens import parse_concrete


def comments_of(text: str) -> list[str]:
    concrete = parse_concrete(text)
    found = []
    for notes in concrete.notes.values():
        found += [comment for comment, _blank in notes.leading]
        if notes.trailing:
            found.append(notes.trailing)
    return sorted(found)


def model(tag: str, count: int) -> str:
    return "".join(f"# {tag} {n}\nservice {tag}{n}  # {tag} trailing {n}\n" for n in range(count))


def test_two_threads_parse_with_their_own_comments():
    results: dict[str, list[list[str]]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def work(tag: str) -> None:
        barrier.wait()
        for _ in range(20):
            results[tag].append(comments_of(model(tag, 30)))

    threads = [threading.Thread(target=work, args=(tag,)) for tag in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for tag, runs in results.items():
        expected = comments_of(model(tag, 30))
        assert len(expected) == 60
        assert all(run == expected for run in runs)


def test_a_failed_parse_leaves_no_comments_behind():
    with pytest.raises(UnexpectedInput):
        parse_concrete("# lost\nservice {")
    assert comments_of("service a\n") == []
