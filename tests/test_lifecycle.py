"""Permanent ids: withdrawn, merged and renamed cases, and the rules that keep every old id
resolving in one step (SKB507-SKB511)."""

from __future__ import annotations

from pathlib import Path

from sellerkb.load import load_corpus
from sellerkb.model import Corpus
from sellerkb.problems import REDIRECT_CHAIN

from .conftest import FIXTURES, problems_of

LIFECYCLE_CODES = {"SKB507", "SKB508", "SKB509", "SKB510", "SKB511"}
VALID = (FIXTURES / "root" / "cases" / "bans" / "example-ban-2021.md").read_text()
FIRST = 14  # the line of the first field written by `ban`


def ban(*lines: str, title: str = "") -> str:
    """The valid fixture ban with these front matter lines from line 14 on."""
    head = VALID.splitlines(keepends=True)
    assert head[12].startswith("violations:")
    text = "".join(head[:13]) + "".join(f"{line}\n" for line in lines) + "".join(head[13:])
    return text.replace("Example marketplace suspends", title, 1) if title else text


def write(root: Path, case_id: str, text: str, kind: str = "bans") -> str:
    rel = f"cases/{kind}/{case_id}.md"
    (root / rel).write_text(text)
    return rel


def found(problems, code):
    return [(p.path.rsplit("/", 1)[1], p.line, p.column) for p in problems if p.code == code]


def test_a_renamed_case_answers_at_its_old_id(root: Path) -> None:
    write(root, "example-ban-2021", ban("aliases: [old-ban-name, older-ban-name]"))
    result = load_corpus(root)
    assert result.errors == []
    corpus = result.corpus
    assert corpus.redirects == {
        "old-ban-name": "example-ban-2021",
        "older-ban-name": "example-ban-2021",
    }
    found_case = corpus.resolve("older-ban-name")
    assert found_case is not None and found_case.id == "example-ban-2021"
    assert corpus.cases["example-ban-2021"].is_listed


def test_a_merged_case_stays_and_redirects_without_a_duplicate_warning(root: Path) -> None:
    write(root, "copy-of-example-ban", ban("merged_into: example-ban-2021"))
    result = load_corpus(root)
    assert result.errors == []
    assert found(result.problems, "SKB506") == []  # it is the other case's duplicate, said so
    case = result.corpus.cases["copy-of-example-ban"]
    assert case.is_merged and not case.is_listed and not case.is_withdrawn
    assert result.corpus.redirects == {"copy-of-example-ban": "example-ban-2021"}
    assert "copy-of-example-ban" not in {c.id for c in result.corpus.listed()}
    resolved = result.corpus.resolve("copy-of-example-ban")
    assert resolved is not None and resolved.id == "example-ban-2021"


def test_a_withdrawn_case_stays_marked_and_leaves_the_listed_cases(root: Path) -> None:
    write(
        root,
        "example-ban-2021",
        ban(
            "reviewed: 2020-01-01",
            "withdrawn:",
            "  date: 2024-03-01",
            "  reason: The report described a test, not a real ban.",
        ).replace("status: partially-reinstated", "status: active"),
    )
    result = load_corpus(root)
    assert result.errors == []
    assert found(result.problems, "SKB320") == []  # no longer followed, so never stale
    case = result.corpus.cases["example-ban-2021"]
    assert case.is_withdrawn and not case.is_listed
    assert case.meta.withdrawn is not None and case.meta.withdrawn.date == "2024-03-01"
    assert sorted(c.id for c in result.corpus.listed()) == [
        "example-lawsuit-2021",
        "example-policy-2019",
    ]
    assert result.corpus.redirects == {}


def test_a_lawsuit_with_status_withdrawn_is_not_a_withdrawn_case(root: Path) -> None:
    result = load_corpus(root)
    lawsuit = result.corpus.cases["example-lawsuit-2021"]
    other = lawsuit.meta.model_copy(update={"status": "withdrawn"})
    assert not type(lawsuit)(**{**lawsuit.__dict__, "meta": other}).is_withdrawn


def test_skb507_alias_that_is_the_id_of_a_case(root: Path) -> None:
    write(root, "renamed-ban-2021", ban("aliases: [example-policy-2019, renamed-ban-2021]"))
    problems = problems_of(root, "cases/bans/renamed-ban-2021.md")
    assert found(problems, "SKB507") == [
        ("renamed-ban-2021.md", FIRST, 11),
        ("renamed-ban-2021.md", FIRST, 32),
    ]
    messages = [p.message for p in problems if p.code == "SKB507"]
    assert messages == [
        "aliases[0]: 'example-policy-2019' is the id of another case, which keeps it",
        "aliases[1]: 'renamed-ban-2021' is the case's own id",
    ]


def test_skb507_alias_of_a_merged_case_id_collides_too(root: Path) -> None:
    write(root, "merged-ban-2021", ban("merged_into: example-ban-2021", title="Merged"))
    write(root, "other-ban-2021", ban("aliases:", "  - merged-ban-2021", title="Other one"))
    result = load_corpus(root)
    assert found(result.problems, "SKB507") == [("other-ban-2021.md", FIRST + 1, 5)]


def test_skb507_alias_of_two_cases_is_reported_on_both(root: Path) -> None:
    write(root, "first-ban-2021", ban("aliases: [shared-old-id]", title="First"))
    write(root, "second-ban-2021", ban("aliases: [other-old, shared-old-id]", title="Second"))
    result = load_corpus(root)
    assert found(result.problems, "SKB507") == [
        ("first-ban-2021.md", FIRST, 11),
        ("second-ban-2021.md", FIRST, 22),
    ]
    assert next(p.message for p in result.problems if p.code == "SKB507") == (
        "aliases[0]: 'shared-old-id' is also an alias of 'second-ban-2021'"
    )
    # The corpus holds the cases without errors, and the site gets no ambiguous redirect.
    assert {"first-ban-2021", "second-ban-2021"}.isdisjoint(result.corpus.cases)
    assert result.rejected >= {"cases/bans/first-ban-2021.md", "cases/bans/second-ban-2021.md"}
    assert "shared-old-id" not in result.corpus.redirects


def test_skb508_merge_into_a_merged_case(root: Path) -> None:
    write(root, "aaa-ban-2021", ban("merged_into: bbb-ban-2021", title="First"))
    write(root, "bbb-ban-2021", ban("merged_into: example-ban-2021", title="Second"))
    result = load_corpus(root)
    chain = [p for p in result.problems if p.code == "SKB508"]
    assert [(p.path, p.line, p.column) for p in chain] == [("cases/bans/aaa-ban-2021.md", 14, 14)]
    assert (
        chain[0].message == "merged_into: 'bbb-ban-2021' is itself merged into 'example-ban-2021'"
    )
    assert chain[0].hint == "merge into 'example-ban-2021' directly"
    assert "aaa-ban-2021" not in result.corpus.cases
    assert result.corpus.cases["bbb-ban-2021"].is_merged


def test_skb508_aliases_on_a_merged_case(root: Path) -> None:
    write(
        root,
        "copy-ban-2021",
        ban("merged_into: example-ban-2021", "aliases: [copy-ban-old]", title="Copy"),
    )
    problems = load_corpus(root).problems
    chain = [p for p in problems if p.code == "SKB508"]
    assert [(p.line, p.column, p.hint) for p in chain] == [
        (FIRST + 1, 11, "move the alias to 'example-ban-2021'")
    ]


def test_skb509_loops_of_two_and_three_and_a_case_merged_into_itself(root: Path) -> None:
    write(root, "loop-a-2021", ban("merged_into: loop-b-2021", title="Loop A"))
    write(root, "loop-b-2021", ban("merged_into: loop-a-2021", title="Loop B"))
    write(root, "ring-a-2021", ban("merged_into: ring-b-2021", title="Ring A"))
    write(root, "ring-b-2021", ban("merged_into: ring-c-2021", title="Ring B"))
    write(root, "ring-c-2021", ban("merged_into: ring-a-2021", title="Ring C"))
    write(root, "self-2021", ban("merged_into: self-2021", title="Self"))
    write(root, "into-ring-2021", ban("merged_into: ring-a-2021", title="Into ring"))
    result = load_corpus(root)
    loops = {
        p.path.rsplit("/", 1)[1][:-3]: p.message for p in result.problems if p.code == "SKB509"
    }
    assert loops == {
        "loop-a-2021": "merged_into: loop-a-2021 -> loop-b-2021 -> loop-a-2021 never reaches "
        "a case that is not merged",
        "loop-b-2021": "merged_into: loop-b-2021 -> loop-a-2021 -> loop-b-2021 never reaches "
        "a case that is not merged",
        "ring-a-2021": "merged_into: ring-a-2021 -> ring-b-2021 -> ring-c-2021 -> ring-a-2021 "
        "never reaches a case that is not merged",
        "ring-b-2021": "merged_into: ring-b-2021 -> ring-c-2021 -> ring-a-2021 -> ring-b-2021 "
        "never reaches a case that is not merged",
        "ring-c-2021": "merged_into: ring-c-2021 -> ring-a-2021 -> ring-b-2021 -> ring-c-2021 "
        "never reaches a case that is not merged",
        "self-2021": "merged_into: the case is merged into itself ('self-2021')",
    }
    # Leading into a loop it is not part of is a chain, with no final case to suggest.
    into = [p for p in result.problems if p.code == "SKB508"]
    assert [(p.path, p.hint) for p in into] == [
        ("cases/bans/into-ring-2021.md", REDIRECT_CHAIN.hint)
    ]
    assert result.corpus.redirects == {}


def test_skb510_merge_into_a_withdrawn_case(root: Path) -> None:
    write(
        root,
        "example-ban-2021",
        ban("withdrawn:", "  date: 2024-03-01", "  reason: It described a test, not a ban."),
    )
    write(root, "copy-ban-2021", ban("merged_into: example-ban-2021", title="Copy"))
    problems = load_corpus(root).problems
    assert found(problems, "SKB510") == [("copy-ban-2021.md", FIRST, 14)]


def test_skb511_merge_into_an_unknown_case_even_when_checking_one_file(root: Path) -> None:
    rel = write(root, "copy-ban-2021", ban("merged_into: no-such-ban-2021", title="Copy"))
    problems = problems_of(root, rel)
    assert [(p.code, p.line, p.column, p.message) for p in problems if p.code == "SKB511"] == [
        ("SKB511", FIRST, 14, "merged_into: there is no case 'no-such-ban-2021'")
    ]


def test_skb511_an_old_id_is_not_a_merge_target(root: Path) -> None:
    write(root, "example-ban-2021", ban("aliases: [old-ban-name]"))
    write(root, "copy-ban-2021", ban("merged_into: old-ban-name", title="Copy"))
    assert found(load_corpus(root).problems, "SKB511") == [("copy-ban-2021.md", FIRST, 14)]


def test_skb109_alias_and_merge_target_must_be_ids(root: Path) -> None:
    rel = write(root, "copy-ban-2021", ban("merged_into: Example_Ban", "aliases: [old id]"))
    problems = problems_of(root, rel)
    assert found(problems, "SKB109") == [
        ("copy-ban-2021.md", FIRST, 14),
        ("copy-ban-2021.md", FIRST + 1, 11),
    ]


def test_redirects_of_a_hand_built_corpus_follow_chains_and_drop_loops(root: Path) -> None:
    loaded = load_corpus(root).corpus
    ban_case, lawsuit, policy = (
        loaded.cases[i] for i in ("example-ban-2021", "example-lawsuit-2021", "example-policy-2019")
    )

    def with_meta(case, **update):
        return type(case)(**{**case.__dict__, "meta": case.meta.model_copy(update=update)})

    corpus = Corpus(
        loaded.vocabulary,
        {
            "example-ban-2021": with_meta(ban_case, merged_into="example-lawsuit-2021"),
            "example-lawsuit-2021": with_meta(
                lawsuit, merged_into="example-policy-2019", aliases=["old-lawsuit"]
            ),
            "example-policy-2019": with_meta(policy, aliases=["x-loop"], merged_into="x-loop"),
        },
    )
    # ban -> lawsuit -> policy -> x-loop -> policy: a loop, so nothing resolves past it
    assert corpus.redirects == {}
    corpus.cases["example-policy-2019"] = policy
    assert corpus.redirects == {
        "example-ban-2021": "example-policy-2019",
        "example-lawsuit-2021": "example-policy-2019",
        "old-lawsuit": "example-policy-2019",
    }
