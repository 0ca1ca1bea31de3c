"""Evidence: an upload looked at (columns, first rows, the suggested mapping), a map's uploads, and what applying
one answers (a survey's measured values, an event log's discovered journey)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...evidence.suggest import EventRoles
from .common import JsonObject, ProblemPublic, Timestamp, timestamp
from .maps import MapPublic

if TYPE_CHECKING:
    from ...evidence.discovery import Discovery
    from ...store.evidence import EvidenceInfo

PREVIEW_ROWS = 20
"""The first rows an upload's answer shows."""
EvidenceKind = Literal["survey", "events"]

# --- what the routes read -----------------------------------------------------------------------------------------


class EvidenceApplicationCreate(BaseModel):
    """Apply an upload: a survey's mapping (the mapping file of docs/evidence.md, checked as that file is) or an
    event log's columns (:class:`EventColumnsUpdate`)."""

    mapping: JsonObject = Field(
        default_factory=dict, description="a survey's mapping (docs/evidence.md) or an event log's columns"
    )


class EventColumnsUpdate(BaseModel):
    """Which columns of an event log hold the case id, the activity, the time and the channel (found by name
    when not given)."""

    model_config = ConfigDict(extra="forbid")
    case: str | None = Field(None, min_length=1)
    activity: str | None = Field(None, min_length=1)
    time: str | None = Field(None, min_length=1)
    channel: str | None = Field(None, min_length=1)

    def roles(self) -> EventRoles:
        return EventRoles(self.case, self.activity, self.time, self.channel)


# --- what the routes answer ---------------------------------------------------------------------------------------


class EvidenceUploadPublic(BaseModel):
    """An upload stored: its columns, first rows (cell texts), row count and the mapping suggested for it."""

    id: int
    kind: EvidenceKind
    filename: str
    columns: list[str]
    preview: list[list[str]] = Field(description=f"the first {PREVIEW_ROWS} rows, each in the order of columns")
    rows: int
    suggested_mapping: JsonObject = Field(
        description="a survey's mapping, or an event log's case/activity/time/channel"
    )


class EvidenceFilePublic(BaseModel):
    """An uploaded file without its content; ``mapping`` is the one it was last applied with (None: never)."""

    id: int
    map_id: int
    kind: EvidenceKind
    filename: str
    size: int = Field(description="bytes")
    mapping: JsonObject | None
    created_at: Timestamp

    @classmethod
    def of(cls, info: EvidenceInfo) -> EvidenceFilePublic:
        return cls.model_validate(
            {
                "id": info.id,
                "map_id": info.map_id,
                "kind": info.kind,
                "filename": info.filename,
                "size": info.size,
                "mapping": info.mapping,
                "created_at": timestamp(info.created_at),
            }
        )


class EventColumnsPublic(BaseModel):
    """The columns an event log was read with (``channel`` None: it has none)."""

    case: str | None
    activity: str | None
    time: str | None
    channel: str | None


class VariantPublic(BaseModel):
    """A path through the journey and the cases that follow it."""

    activities: list[str]
    cases: int
    share: float | None = Field(description="of all cases, rounded to 4 places")


class PeriodPublic(BaseModel):
    first: str | None
    last: str | None


class EventsAppliedPublic(BaseModel):
    """An event log discovered: the columns read, counts, the most common paths, where journeys start and end."""

    kind: Literal["events"] = "events"
    columns: EventColumnsPublic
    log: str
    cases: int
    events: int
    activities: int
    variants: int
    top_variants: list[VariantPublic]
    start_activities: dict[str, int]
    end_activities: dict[str, int]
    main_path: list[str]
    period: PeriodPublic

    @classmethod
    def of(cls, roles: EventRoles, result: Discovery) -> EventsAppliedPublic:
        top = [
            VariantPublic(
                activities=list(v.activities),
                cases=v.cases,
                share=round(v.cases / result.cases, 4) if result.cases else None,
            )
            for v in result.top_variants
        ]
        return cls(
            columns=EventColumnsPublic(
                case=roles.case, activity=roles.activity, time=roles.time, channel=roles.channel
            ),
            log=result.source,
            cases=result.cases,
            events=result.events,
            activities=result.activity_count,
            variants=result.variant_count,
            top_variants=top,
            start_activities=dict(result.start_activities),
            end_activities=dict(result.end_activities),
            main_path=list(result.main_path),
            period=PeriodPublic.model_validate(result.to_json()["period"]),
        )


class MeasuredPublic(BaseModel):
    """A step measured from a survey: the mean, its 95 % interval and the number of ratings."""

    mean: float
    low: float
    high: float
    n: int


class SurveyAppliedPublic(BaseModel):
    """A survey applied: step id → measured value, the warnings, and the map as it now is."""

    kind: Literal["survey"] = "survey"
    measured: dict[str, MeasuredPublic]
    problems: list[ProblemPublic]
    map: MapPublic


EvidenceAppliedPublic = Annotated[SurveyAppliedPublic | EventsAppliedPublic, Field(discriminator="kind")]
