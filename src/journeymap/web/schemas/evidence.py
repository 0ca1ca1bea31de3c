"""Evidence: an upload looked at (columns, first rows, the suggested mapping), a map's uploads, and what applying
one answers (a survey's measured values, an event log's discovered journey)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...evidence.suggest import EventRoles
from .common import JsonObject, ProblemPublic, Timestamp, timestamp
from .maps import MapPublic

if TYPE_CHECKING:
    from ...evidence.discovery import Discovery, FunnelStep
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


class FunnelStepPublic(BaseModel):
    """A step of the funnel: the cases that reach it, their share of the cases reaching the first step, the cases
    lost since the previous step (``drop_off``; negative when some reach it another way), the cases whose journey
    ends here, and the median wait from the previous step."""

    activity: str
    cases: int
    share: float = Field(description="of the cases reaching the first step, rounded to 4 places")
    drop_off: int
    stopped_here: int
    median_seconds_from_previous: float | None


class OutcomePublic(BaseModel):
    """Where journeys end: an end activity, the cases whose last event it is and their share of all cases."""

    activity: str
    cases: int
    share: float | None = Field(description="of all cases, rounded to 4 places")


class EventsAppliedPublic(BaseModel):
    """An event log discovered: the columns read, counts, the most common paths, where journeys start and end,
    the main path with its funnel (reach and drop-off per step) and the outcomes (end activities with their share).
    An event log changes nothing on the map: the discovery feeds its report and discovery drawing."""

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
    main_path_rule: str
    funnel: list[FunnelStepPublic]
    outcomes: list[OutcomePublic] = Field(description="the end activities, the most frequent first")
    median_case_seconds: float | None = Field(description="median time from a case's first to its last event")
    period: PeriodPublic

    @classmethod
    def of(cls, roles: EventRoles, result: Discovery) -> EventsAppliedPublic:
        top = [
            VariantPublic(
                activities=list(v.activities),
                cases=v.cases,
                share=_share(v.cases, result.cases),
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
            main_path_rule=result.main_path_rule,
            funnel=[_funnel_step(step) for step in result.funnel],
            outcomes=_outcomes(result),
            median_case_seconds=result.median_case_seconds,
            period=PeriodPublic.model_validate(result.to_json()["period"]),
        )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _funnel_step(step: FunnelStep) -> FunnelStepPublic:
    return FunnelStepPublic(
        activity=step.activity,
        cases=step.cases,
        share=round(step.share, 4),
        drop_off=step.drop_off,
        stopped_here=step.stopped_here,
        median_seconds_from_previous=step.median_seconds_from_previous,
    )


def _outcomes(result: Discovery) -> list[OutcomePublic]:
    ends = sorted(result.end_activities.items(), key=lambda item: (-item[1], item[0]))
    return [OutcomePublic(activity=a, cases=n, share=_share(n, result.cases)) for a, n in ends]


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
