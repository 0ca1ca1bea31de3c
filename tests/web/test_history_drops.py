"""The studio's History panel shows the diff page (``/api/maps/{mid}/diff?format=html``): a significant drop of a
measured emotional level between two versions is flagged there and in the diff's text (issue 13, deliverable 4)."""

from __future__ import annotations

import copy

from scipy import stats
from studio_support import TestClient

AS_IS = "maps/home-loan-as-is.yaml"


def test_a_significant_drop_between_versions_is_flagged(client: TestClient) -> None:
    workspace = client.get("/api/workspaces").json()[0]
    maps = client.get(f"/api/workspaces/{workspace['id']}").json()["maps"]
    mid = next(int(m["id"]) for m in maps if m["path"] == AS_IS)
    (imported,) = client.get(f"/api/maps/{mid}/versions").json()
    data = copy.deepcopy(client.get(f"/api/maps/{mid}").json()["data"])
    step = data["stages"][0]["steps"][2]
    assert step["id"] == "r-aip" and step["emotion"]["mean"] == 7.4  # n = 212, sd = 1.9
    step["emotion"] = {**step["emotion"], "mean": 6.9, "n": 190, "std": 2.0, "ci95": [6.6, 7.2]}
    assert client.put(f"/api/maps/{mid}", json=data).status_code == 200

    diff = client.get(f"/api/maps/{mid}/diff", params={"from": imported["id"], "to": "current"}).json()
    assert (
        "▼ Significant drops of a measured emotional level (Welch's p < 0.05): “Get agreement in principle”"
        in (diff["text"])
    )
    p = stats.ttest_ind_from_stats(6.9, 2.0, 190, 7.4, 1.9, 212, equal_var=False).pvalue
    assert p < 0.05 and f"Welch p = {p:.3f}" in diff["text"]
    page = client.get(diff["html_url"])
    assert page.status_code == 200
    assert "▼ Significant drops" in page.text and "▼ Get agreement in principle" in page.text
