"""Reviewers' decisions as labels: each decided pair against the run's scores."""

from __future__ import annotations

import numpy as np

from athar.link.labels import DecisionCheck, check_decisions

# scored pairs (a < b), in no particular order
A = np.array([5, 1, 1, 3], np.int64)
B = np.array([9, 4, 2, 7], np.int64)
P = np.array([0.40, 0.95, 0.20, 0.91])


def test_each_decision_is_counted_by_verdict_and_score() -> None:
    decisions = [
        (1, 4, True),  # one person, scored 0.95: agree
        (2, 1, True),  # one person, scored 0.20 (given as b, a): the model would leave apart
        (3, 7, False),  # two persons, scored 0.91: the model would link
        (5, 9, False),  # two persons, scored 0.40: agree
        (1, 9, True),  # never scored this run
    ]
    check = check_decisions(A, B, P, decisions, threshold=0.9)
    assert check == DecisionCheck(
        same_linked=1, same_apart=1, different_apart=1, different_linked=1, unscored=1
    )
    assert (check.decided, check.agreeing) == (5, 2)


def test_the_threshold_decides_which_side_a_score_is_on() -> None:
    assert check_decisions(A, B, P, [(3, 7, False)], threshold=0.95).different_apart == 1
    assert check_decisions(A, B, P, [(1, 4, True)], threshold=0.95).same_linked == 1


def test_no_decisions_and_no_pairs() -> None:
    assert check_decisions(A, B, P, [], 0.9).decided == 0
    empty = np.zeros(0, np.int64)
    assert check_decisions(empty, empty, np.zeros(0), [(1, 2, True)], 0.9).unscored == 1
