"""One PDF pack per chosen region, written into a folder one after another on a worker."""

from dataclasses import dataclass
from pathlib import Path

from briefing_builder.catalogue import Area, Catalogue
from briefing_builder.errors import BriefingError
from briefing_builder.files import safe_file_stem
from briefing_builder.gui.workers import Cancelled, Progress
from briefing_builder.pack import PackSpec, spec_for_region
from briefing_builder.render import export_pack

WRITTEN, SKIPPED, FAILED, NOT_WRITTEN = "written", "skipped", "failed", "not written"


@dataclass(frozen=True)
class Outcome:
    """What became of one region's pack, and why."""

    region: str
    status: str
    target: Path
    reason: str = ""

    def line(self) -> str:
        """The outcome as a line of the batch summary."""
        if self.status == WRITTEN:
            return f"{self.region}: written, {self.target.name}"
        if self.status == SKIPPED:
            return f"{self.region}: skipped, {self.target.name} exists"
        if self.status == FAILED:
            return f"{self.region}: failed, {self.reason}"
        return f"{self.region}: not written, the batch was cancelled"


@dataclass(frozen=True)
class RegionBatch:
    """The packs to write: one per chosen region, each with the region's title and file."""

    spec: PackSpec
    targets: tuple[tuple[Area, PackSpec, Path], ...]
    preset: str | None

    @classmethod
    def plan(
        cls, spec: PackSpec, catalogue: Catalogue, folder: Path, preset: str | None
    ) -> "RegionBatch":
        """Works out each region's spec and file name in `folder`."""
        targets = []
        for region in spec.regions:
            area = catalogue.area(region)
            one = spec_for_region(spec, area)
            targets.append((area, one, folder / f"{safe_file_stem(one.title)}.pdf"))
        return cls(spec, tuple(targets), preset)

    def existing(self) -> list[Path]:
        """The files of this batch that are in the folder already."""
        return [target for _area, _spec, target in self.targets if target.exists()]

    def run(
        self, catalogue: Catalogue, progress: Progress, *, skip_existing: bool
    ) -> list[Outcome]:
        """Writes the packs (on a worker); cancelling stops the pack being written, keeping
        none of it, and leaves the rest unwritten. Every region gets an outcome."""
        outcomes: list[Outcome] = []
        count = len(self.targets)
        for number, (area, one, target) in enumerate(self.targets):
            if progress.cancelled:
                outcomes.append(Outcome(area.name, NOT_WRITTEN, target))
                continue
            if skip_existing and target.exists():
                outcomes.append(Outcome(area.name, SKIPPED, target))
                continue
            try:
                progress.report(number, count, f"Writing {target.name} ({number + 1} of {count})")
                export_pack(
                    one,
                    catalogue,
                    {"pdf": target},
                    preset_name=self.preset,
                    progress=lambda _what, _value: progress.check(),
                )
            except Cancelled:
                outcomes.append(Outcome(area.name, NOT_WRITTEN, target))
            except BriefingError as error:
                outcomes.append(Outcome(area.name, FAILED, target, str(error)))
            else:
                outcomes.append(Outcome(area.name, WRITTEN, target))
        return outcomes


def summary(outcomes: list[Outcome]) -> tuple[str, str]:
    """A title that counts the outcomes, and a line for each region."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    title = ", ".join(
        f"{counts[s]} {s}" for s in (WRITTEN, SKIPPED, FAILED, NOT_WRITTEN) if s in counts
    )
    return f"One pack per region: {title}", "\n".join(o.line() for o in outcomes)
