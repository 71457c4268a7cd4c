"""Rules beyond field shapes: the body of one case, and the corpus as a whole.

Where a new check goes:

- A rule about one field's shape belongs in the model (`model.py`): a type or a validator
  that raises `_error(RULE, ...)`; `checks/fields.py` turns it into a problem at the line.
- A rule about the text of one case (front matter strings or the body) goes in
  `checks/fields.py` (`text_checks`) or `checks/body.py` (Markdown, read by the one
  Markdown reader).
- A rule that needs more than one case (ids, related cases, links, unused slugs, likely
  duplicates, translations against their originals) goes in `checks/corpus.py` or
  `checks/duplicates.py`, fed by the loader (`load.py`), which stays the only place that
  reads files.

What every new rule needs:

1. A named constant in `problems.py` (`MY_RULE = Rule("SKBnnn", severity, title,
   explanation, hint)`); problems are made with `MY_RULE.at(path, line, column, message,
   field=...)`, never from a bare code string (a test fails on one).
2. A failing fixture `tests/fixtures/failing/SKBnnn.md` with its line in
   `tests/test_rules.py`, or a generated test there for what a text file cannot hold.
3. The docs: run `sellerkb docs` to regenerate `docs/reference/problems.md` and the code
   list in CONTRIBUTING.md (a test fails while they are stale), and a CHANGELOG entry.
"""
