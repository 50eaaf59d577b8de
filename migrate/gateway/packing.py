"""Rules packed into routes: shared where the action is the same, split where Gateway API limits force it."""

from __future__ import annotations

from dataclasses import replace

from migrate.gateway.ir import Match, Rule

MAX_RULES = 16
MAX_MATCHES_PER_RULE = 64
MAX_MATCHES = 128


def _tie(match: Match) -> tuple[object, ...]:
    """Matches Gateway API cannot order by precedence (same path, same number of header matches): between
    them, the first rule of the route wins."""
    return (match.path.type, match.path.value, len(match.headers))


def merge(rules: list[Rule]) -> list[Rule]:
    """Rules with the same action share one rule, their matches in the order they were written. A rule is
    only merged into an earlier one when no rule in between holds a match it ties with, so that merging
    never changes which rule wins (canary header rules rely on their order)."""
    merged: list[Rule] = []
    by_action: dict[tuple[object, ...], int] = {}
    last: dict[tuple[object, ...], int] = {}  # tie key -> index of the last merged rule holding such a match
    for rule in rules:
        key = rule.action_key()
        ties = {_tie(match) for match in rule.matches}
        index = by_action.get(key) if rule.mergeable else None
        if index is not None and any(last.get(tie, -1) > index for tie in ties):
            index = None
        if index is None:
            merged.append(replace(rule, matches=list(rule.matches), comments=list(rule.comments)))
            index = len(merged) - 1
            if rule.mergeable:
                by_action[key] = index
        else:
            target = merged[index]
            target.matches.extend(rule.matches)
            target.comments.extend(c for c in rule.comments if c not in target.comments)
        for tie in ties:
            last[tie] = max(last.get(tie, -1), index)
    return merged


def split(rules: list[Rule]) -> list[list[Rule]]:
    """Pack rules into routes: at most 16 rules, 64 matches per rule and 128 matches per route."""
    pieces: list[Rule] = []
    for rule in rules:
        for start in range(0, len(rule.matches), MAX_MATCHES_PER_RULE):
            part = rule.matches[start : start + MAX_MATCHES_PER_RULE]
            pieces.append(replace(rule, matches=part, comments=rule.comments if start == 0 else []))
    chunks: list[list[Rule]] = [[]]
    count = 0
    for piece in pieces:
        if chunks[-1] and (len(chunks[-1]) == MAX_RULES or count + len(piece.matches) > MAX_MATCHES):
            chunks.append([])
            count = 0
        chunks[-1].append(piece)
        count += len(piece.matches)
    return chunks
