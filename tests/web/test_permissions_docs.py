"""The roles table of docs/studio.md is the rule the studio enforces: the two must not drift apart."""

from __future__ import annotations

from journeymap.web.permissions import ACTIONS, Role, decide, role_table_markdown

from support import ROOT


def test_the_docs_roles_table_is_the_enforced_rule() -> None:
    text = (ROOT / "docs" / "studio.md").read_text(encoding="utf-8")
    start = text.index("\n", text.index("<!-- roles-table")) + 1
    end = text.index("<!-- /roles-table -->")
    assert text[start:end].strip() == role_table_markdown().strip(), (
        "docs/studio.md's roles table differs from journeymap.web.permissions.RULES: paste role_table_markdown()"
    )


def test_roles_only_add_to_each_other() -> None:
    """Whatever a role may do, every higher role may do too (comment authorship aside)."""
    ranked = sorted(Role, key=lambda role: role.rank)
    for action in ACTIONS:
        allowed = [decide(role, action, is_author=True) for role in ranked]
        assert allowed == sorted(allowed), (action, allowed)


def test_only_authors_edit_and_authors_or_owners_delete_comments() -> None:
    for role in Role:
        assert decide(role, "comment:edit", is_author=False) is False
        assert decide(role, "comment:delete", is_author=False) is (role is Role.OWNER)
    assert decide(Role.COMMENTER, "comment:edit", is_author=True) is True
    assert decide(Role.VIEWER, "comment:edit", is_author=True) is False


def test_share_links_reach_only_reading_and_commenting() -> None:
    readable = {action for action in ACTIONS if decide(None, action, share=Role.VIEWER)}
    assert readable == {"map:read", "map:export", "comment:read"}
    commentable = {action for action in ACTIONS if decide(None, action, share=Role.COMMENTER)}
    assert commentable == readable | {"comment:create"}
