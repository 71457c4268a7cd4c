"""Where the index lives, and how it holds up: planted indexes, folders it cannot write,
damaged manifests, translations, and files that change while it reads them."""

from __future__ import annotations

import ctypes
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from sellerkb.cache import CacheError, cache_folder, check_owner
from sellerkb.cli import main
from sellerkb.search.fields import SCHEMA_VERSION
from sellerkb.search.store import IndexStore

from .test_search import ids, write

SEARCH = [sys.executable, "-m", "sellerkb", "search", "--json"]


def _without_override() -> None:
    """In the child: root loses the power to ignore file permissions, so that a read-only
    folder is read-only for it too (a no-op for other users)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def search_process(root: Path, *words: str, **options: str) -> subprocess.CompletedProcess[str]:
    extra = [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
    return subprocess.run(
        [*SEARCH, "--root", str(root), *extra, *words],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_override,
    )


def read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


# --- where it lives ---------------------------------------------------------------------


def test_the_index_lives_in_the_cache_folder_keyed_by_the_real_path(
    root: Path, cache_home: Path, tmp_path: Path
) -> None:
    assert ids(root, "fixture")
    assert not (root / ".sellerkb").exists()
    folders = list((cache_home / "sellerkb").iterdir())
    assert folders == [cache_folder(root)] and (folders[0] / "CURRENT").is_file()
    assert oct(folders[0].stat().st_mode & 0o777) == "0o700"
    link = tmp_path / "same-repo"
    link.symlink_to(root, target_is_directory=True)
    assert cache_folder(link) == cache_folder(root)
    other = tmp_path / "other-repo"
    other.mkdir()
    assert cache_folder(other) != cache_folder(root)


@pytest.mark.parametrize("value", ["", "relative/cache"])
def test_without_an_absolute_xdg_cache_home_it_is_under_home(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder(root).parent == tmp_path / "home" / ".cache" / "sellerkb"
    assert ids(root, "fixture")
    assert (cache_folder(root) / "CURRENT").is_file()


class PlantedSchema(Schema):
    """A schema whose unpickling creates a marker file: proof that a planted index ran
    code, as Whoosh unpickles the schema of every index it opens."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def plant(folder: Path, marker: Path) -> None:
    """A Whoosh index with a well-formed table of contents around the planted schema."""
    index = folder / "index-1"
    index.mkdir(parents=True)
    (folder / "CURRENT").write_text("index-1")
    TOC(PlantedSchema(marker), [], 1).write(FileStorage(str(index)), "MAIN")
    manifest = {"schema": SCHEMA_VERSION, "generation": 1, "vocabulary": "", "files": {}}
    (index / "manifest.json").write_text(json.dumps(manifest))


def test_the_planted_index_of_these_tests_would_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "the-pickle-ran"
    plant(tmp_path / "planted", marker)
    probe = "import sys; from whoosh import index; index.open_dir(sys.argv[1])"
    subprocess.run([sys.executable, "-c", probe, str(tmp_path / "planted" / "index-1")])
    assert marker.exists()


@pytest.mark.parametrize("where", ["folder", "file"])
def test_an_index_planted_in_the_checkout_is_never_opened(
    root: Path, tmp_path: Path, where: str
) -> None:
    marker = tmp_path / "the-pickle-ran"
    if where == "file":
        (root / ".sellerkb").write_bytes(b"not a folder")
    else:
        plant(root / ".sellerkb", marker)
    done = search_process(root, "fixture")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 3 and done.stderr == ""
    assert not marker.exists()


def test_a_cache_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        folder = tmp_path / "theirs"
        folder.mkdir()
        os.chown(folder, 65534, 65534)
    else:
        folder = Path("/")  # root's
    with pytest.raises(CacheError, match="belongs to another user"):
        check_owner(folder)
    check_owner(tmp_path)  # our own


# --- folders it cannot write ------------------------------------------------------------


def test_a_read_only_index_answers_from_the_last_complete_index(
    root: Path, cache_home: Path
) -> None:
    path = write(root, "edited-case", title="Original pangolin title")
    assert ids(root, "pangolin") == ["edited-case"]
    path.write_text(path.read_text().replace("Original pangolin", "Edited okapi"))
    read_only(cache_home)
    for words in (["pangolin"], ["okapi"]):
        done = search_process(root, *words)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "cannot update the search index" in done.stderr
        assert "searching the last complete index" in done.stderr
    assert [h["id"] for h in json.loads(search_process(root, "pangolin").stdout)["results"]] == [
        "edited-case"
    ]
    index = subprocess.run(
        [sys.executable, "-m", "sellerkb", "index", "--root", str(root)],
        capture_output=True,
        text=True,
        preexec_fn=_without_override,
    )
    assert index.returncode == 1 and "cannot update the search index" in index.stderr


@pytest.mark.parametrize(
    "blocker",
    [
        "read-only cache home",
        "cache home is a file",
        "sellerkb folder is a file",
        "index dir is a file",
        "index dir under a file",
    ],
)
def test_no_index_and_no_way_to_write_one_is_one_line(
    root: Path, cache_home: Path, tmp_path: Path, blocker: str
) -> None:
    options = {}
    if blocker == "read-only cache home":
        cache_home.mkdir()
        read_only(cache_home)
    elif blocker == "cache home is a file":
        cache_home.write_text("in the way")
    elif blocker == "sellerkb folder is a file":
        cache_home.mkdir()
        (cache_home / "sellerkb").write_text("in the way")
    else:
        (tmp_path / "a-file").write_text("in the way")
        target = "a-file" if blocker == "index dir is a file" else "a-file/index"
        options["index_dir"] = str(tmp_path / target)
    done = search_process(root, "fixture", **options)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot write the search index: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    if "file" in blocker:
        assert "is a file, not a folder" in done.stderr


def test_the_cache_folder_being_a_file_after_a_search_is_one_line(
    root: Path, cache_home: Path
) -> None:
    assert ids(root, "fixture")
    folder = cache_folder(root)
    for child in sorted(folder.rglob("*"), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    folder.rmdir()
    folder.write_text("in the way")
    done = search_process(root, "fixture")
    assert done.returncode == 1 and "is a file, not a folder" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "files",
    [
        [],
        {"cases/bans/example-ban-2021.md": "x"},
        {"cases/bans/example-ban-2021.md": [1, 2, "sha", True]},
        {"cases/bans/example-ban-2021.md": ["1", 2, "sha", True, []]},
        {"cases/bans/example-ban-2021.md": [1, 2, "sha", True, [3]]},
        {"cases/bans/example-ban-2021.md": [1, 2, None, "yes", []]},
    ],
)
def test_a_manifest_of_the_wrong_shape_means_a_rebuild(root: Path, files: object) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    current = store.current()
    assert current is not None
    data = json.loads((current / "manifest.json").read_text())
    data["files"] = files
    (current / "manifest.json").write_text(json.dumps(data))
    assert IndexStore(root).ensure_fresh().rebuilt
    assert sorted(ids(root, "fixture")) == [
        "example-ban-2021",
        "example-lawsuit-2021",
        "example-policy-2019",
    ]


# --- translations -----------------------------------------------------------------------


def test_adding_editing_and_deleting_a_translation_reindexes_its_case(root: Path) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    result = CliRunner().invoke(
        main, ["translate", "example-ban-2021", "--lang", "zh", "--root", str(root)]
    )
    assert result.exit_code == 0, result.output
    translation = root / "cases" / "bans" / "example-ban-2021.zh.md"
    fresh = store.ensure_fresh()
    assert (fresh.rebuilt, fresh.updated, fresh.added) == (False, 1, 0)
    assert store.ensure_fresh().updated == 0  # seen once, then known
    translation.write_text(translation.read_text().replace("TODO: translate", "翻译"))
    assert store.ensure_fresh().updated == 1
    os.utime(translation, ns=(time.time_ns(), time.time_ns() + 10**9))  # touched only
    assert store.ensure_fresh().updated == 0
    translation.unlink()
    fresh = store.ensure_fresh()
    assert (fresh.updated, fresh.removed) == (1, 0)
    # A translation without its case is remembered, and re-indexes nothing.
    orphan = root / "cases" / "bans" / "no-such-case-2021.zh.md"
    orphan.write_text("---\ntitle: 孤儿\n---\n")
    assert (store.ensure_fresh().updated, store.ensure_fresh().updated) == (0, 0)
    rebuilt = IndexStore(root)
    rebuilt.rebuild()
    manifest = rebuilt.manifest(rebuilt.current())  # type: ignore[arg-type]
    assert manifest is not None and "cases/bans/no-such-case-2021.zh.md" in manifest.files


# --- files that change while the index reads them ---------------------------------------


def _writer(root: Path, stop: threading.Event, errors: list[BaseException]) -> None:
    """Rewrite, delete, recreate, truncate, touch and translate cases every 50 ms."""
    bans = root / "cases" / "bans"
    texts = {n: (bans / f"churn-case-{n}.md").read_text() for n in range(6)}
    step = 0
    try:
        while not stop.is_set():
            n = step % 6
            path = bans / f"churn-case-{n}.md"
            action = step % 7
            if action == 0:  # rewritten in place, in two writes
                with open(path, "w") as handle:
                    handle.write(texts[n][:40])
                    handle.flush()
                    time.sleep(0.005)
                    handle.write(texts[n][40:])
            elif action == 1:  # deleted, and back a moment later
                path.unlink()
                time.sleep(0.03)
                path.write_text(texts[n])
            elif action == 2:  # replaced atomically
                temp = path.with_suffix(".tmp")
                temp.write_text(texts[n].replace("Churning", "Churning again"))
                os.replace(temp, path)
            elif action == 3:  # truncated, then written again
                path.write_text("")
                time.sleep(0.01)
                path.write_text(texts[n])
            elif action == 4:  # only touched, while another case is away for a moment
                os.utime(path)
                other = bans / f"churn-case-{(n + 3) % 6}.md"
                other.unlink()
                time.sleep(0.03)
                other.write_text(texts[(n + 3) % 6])
            elif action == 5:  # a translation comes and goes
                zh = bans / f"churn-case-{n}.zh.md"
                if zh.exists():
                    zh.unlink()
                else:
                    zh.write_text("---\ntitle: 翻译\n---\n")
            else:  # deleted for good, then restored with the next round
                path.unlink()
                time.sleep(0.02)
                path.write_text(texts[n])
            step += 1
            time.sleep(0.05)
    except BaseException as exc:  # reported by the test
        errors.append(exc)


# One searcher: a process that searches again and again for a few seconds, as a person
# would run `sellerkb search`, and prints one line per search.
SEARCHER = """
import json, sys, time
from click.testing import CliRunner
from sellerkb.cli import main
deadline, searches = time.monotonic() + float(sys.argv[2]), 0
while searches < 4 or time.monotonic() < deadline:
    searches += 1
    done = CliRunner().invoke(main, ["search", "--root", sys.argv[1], "--json", "capybara"])
    crash = repr(done.exception) if not isinstance(done.exception, (SystemExit, type(None))) else ""
    total = json.loads(done.stdout)["total"] if done.exit_code == 0 else -1
    print(json.dumps([done.exit_code, total, done.stderr, crash]), flush=True)
"""


def test_searches_survive_cases_changing_underneath(root: Path) -> None:
    for n in range(6):
        write(root, f"churn-case-{n}", title=f"Churning capybara {n}")
    assert len(ids(root, "capybara")) == 6
    stop, errors = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(root, stop, errors))
    writer.start()
    searchers = [
        subprocess.Popen(
            [sys.executable, "-c", SEARCHER, str(root), "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in searchers]
    stop.set()
    writer.join()
    assert not errors
    searches = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    assert all(process.returncode == 0 for process in searchers), outputs
    assert len(searches) >= 12
    for code, total, stderr, crash in searches:
        assert (code, crash) == (0, ""), (stderr, crash)
        assert "Traceback" not in stderr and "Error" not in stderr, stderr
        assert 0 <= total <= 6
    # Every file is whole again: every case is found, none is left "with errors".
    for path in (root / "cases" / "bans").glob("churn-case-*.zh.md"):
        path.unlink()
    result = CliRunner().invoke(main, ["search", "--root", str(root), "--json", "capybara"])
    assert result.exit_code == 0 and "not indexed" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["total"] == 6, (result.stdout, result.stderr)
    index = CliRunner().invoke(main, ["index", "--root", str(root)])
    assert "0 skipped with errors" in index.stdout


# --- the quick check -------------------------------------------------------------------


def test_an_unchanged_repository_is_checked_from_the_stamp_alone(root: Path) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    current = store.current()
    assert current is not None
    assert store._stamped(current) == 0  # nothing changed: the quick check says fresh
    path = root / "cases" / "bans" / "example-ban-2021.md"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # touched, same bytes
    assert store._stamped(current) is None
    assert not store.ensure_fresh().rebuilt  # the hashes say unchanged: times remembered
    assert store._stamped(current) == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda stamp: stamp.write_text("{not json"),
        lambda stamp: stamp.unlink(),
        lambda stamp: stamp.write_text(
            json.dumps({**json.loads(stamp.read_text()), "skipped": "0"})
        ),
        lambda stamp: stamp.write_text(
            json.dumps({**json.loads(stamp.read_text()), "generation": 99})
        ),
        lambda stamp: stamp.write_text("[]"),
    ],
)
def test_a_damaged_stamp_means_a_closer_look_not_a_wrong_answer(
    root: Path, damage: Callable[[Path], object]
) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    current = store.current()
    assert current is not None
    damage(current / "stamp.json")
    written = write(root, "new-stamp-case", title="A pangolin appears")
    an_hour_ago = time.time_ns() - 3600 * 10**9  # not a file written a moment ago (racy)
    os.utime(written, ns=(an_hour_ago, an_hour_ago))
    assert ids(root, "pangolin") == ["new-stamp-case"]
    assert store._stamped(store.current() or current) == 0  # written anew


def test_a_manifest_replaced_under_a_good_stamp_is_noticed(root: Path) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    current = store.current()
    assert current is not None
    data = json.loads((current / "manifest.json").read_text())
    data["files"] = {}
    (current / "manifest.json").write_text(json.dumps(data))
    assert store._stamped(current) is None
    assert sorted(ids(root, "fixture")) == [
        "example-ban-2021",
        "example-lawsuit-2021",
        "example-policy-2019",
    ]


def test_the_quick_check_reads_the_names_discovery_lists(root: Path) -> None:
    from sellerkb.discover import discover
    from sellerkb.kinds import is_case_file

    names = [
        "ab.md",
        "abc.md",
        "abc.zh.md",
        "abc.en.md",
        "abc.fr.md",
        "abc.ZH.md",
        "Abc.md",
        "a--b.md",
        "-abc.md",
        "abc-.md",
        "abc.markdown",
        "abc.MD",
        "abc..md",
        "ab.zh.md",
        "a" * 80 + ".md",
        "a" * 81 + ".md",
        "a" * 80 + ".zh.md",
        "x1-2-3.zh.md",
        "abc.zh.zh.md",
        "abc",
        ".abc.md",
    ]
    rng = random.Random(5)  # and names made of the letters that matter, at random
    for _ in range(300):
        stem = "".join(rng.choice("ab09-.zhenZ") for _ in range(rng.randint(1, 9)))
        names.append(stem + rng.choice([".md", ".zh.md", ".en.md", ".fr.md", ".MD", ""]))
    names = [n for n in dict.fromkeys(names) if n not in (".", "..", ".md") and "/" not in n]
    folder = root / "cases" / "bans"
    for name in names:
        (folder / name).write_text("---\n---\n")
    listed = {Path(f.rel).name for f in [*discover(root).files, *discover(root).translations]}
    for name in [*names, *os.listdir(folder)]:
        assert is_case_file(name) == (name in listed), name


def test_the_listing_made_in_a_child_is_the_listing_made_here(root: Path) -> None:
    from sellerkb.listing import listed_digest, start

    here = listed_digest(root)
    assert start(root)() == here
    path = write(root, "listed-case", title="Listed")
    assert start(root)() == listed_digest(root) != here
    path.unlink()
    assert start(root)() == here
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait)
    busy.start()  # with another thread running it lists in this process: the same digest
    try:
        assert start(root)() == here
    finally:
        stop.set()
        busy.join()
    assert start(root / "nowhere")() == listed_digest(root / "nowhere")


def test_a_search_reads_an_index_that_a_rebuild_removed_meanwhile(root: Path, tmp_path) -> None:
    """A rebuild removes index folders older than the previous one; a search that opened
    one before reads on from the files it holds open (column files were opened only
    when first asked for, and were gone)."""
    import shutil

    store = IndexStore(root, tmp_path / "index")
    store.ensure_fresh()
    folder = store.current()
    assert folder is not None
    with store.open().searcher() as searcher:
        shutil.rmtree(folder)
        stored = [searcher.stored_fields(n) for n in range(searcher.doc_count_all())]
        lengths = searcher.reader().doc_field_length(0, "title")
    assert sorted(fields["id"] for fields in stored) == sorted(
        path.stem for path in (root / "cases").rglob("*.md")
    )
    assert lengths > 0
