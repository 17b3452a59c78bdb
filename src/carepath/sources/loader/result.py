"""What loading one file says: its counts, notes and warnings, and the line printed for it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LoadResult:
    path: Path
    format: str
    la_code: str | None
    status: str  # loaded | already loaded | failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    by_table: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    message: str = ""
    batch_id: int | None = None
    notes: list[str] = field(default_factory=list)
    field_issues: int = 0  # values set aside from loaded records (carepath status --issues)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole: its year, its date

    @property
    def all_rejected(self) -> bool:
        """Rows were read and not one was loaded: the load failed, whatever was written."""
        return self.status == "loaded" and self.rows_read > 0 and self.rows_loaded == 0

    def summary(self) -> str:
        if self.status == "failed":
            return f"{self.path.name}: NOT LOADED. {self.message}"
        if self.status == "skipped":
            return f"{self.path.name}: skipped, not a file carepath reads"
        if self.status == "already loaded":
            return f"{self.path.name}: already loaded (batch {self.batch_id}); nothing changed"
        if self.rows_read == 0:
            return f"{self.path.name} ({self.format}): empty, it holds no rows (only a header); nothing to load"
        if self.all_rejected:
            return (f"{self.path.name}: NOTHING LOADED, every one of its {self.rows_read} rows was rejected "
                    f"({self.format}, LA {self.la_code}; load {self.batch_id} keeps the reasons: "
                    "carepath status --rejects)")
        plural = "s" if self.field_issues != 1 else ""
        issues = f"; {self.field_issues} field issue{plural}" if self.field_issues else ""
        return (f"{self.path.name} ({self.format}, LA {self.la_code}): read {self.rows_read}, "
                f"loaded {self.rows_loaded}, rejected {self.rows_rejected}{issues}")
