"""The README's annotation table is the registry's: regenerate it with `--update-readme` when this fails."""

from __future__ import annotations

from conftest import REPO

from migrate.annotations import table
from migrate.options import DEFAULT_ANNOTATION_PREFIX

README = REPO / "README.md"


def test_readme_table_is_generated_from_the_registry(update_readme: bool) -> None:
    text = README.read_text(encoding="utf-8")
    generated = table.replace_readme_table(text, table.as_markdown(table.rows(DEFAULT_ANNOTATION_PREFIX)))
    if update_readme:
        README.write_text(generated, encoding="utf-8")
    assert text == generated, "the README's annotation table is stale: run pytest --update-readme and review the diff"


def test_replacing_keeps_everything_around_the_markers() -> None:
    readme = f"# Title\n\nbefore\n{table.README_BEGIN}\nold\n{table.README_END}\nafter\n"
    assert (
        table.replace_readme_table(readme, "new\n")
        == f"# Title\n\nbefore\n{table.README_BEGIN}\nnew\n{table.README_END}\nafter\n"
    )
