"""question texts, versioned

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01 20:05:00

The texts of version "1" are the app's wizard questions as they were when this revision was
made (English source, Dutch from the catalog). A later change to the questions gets a
revision of its own that adds a version; these rows are never edited.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_TEXTS = {
    "en": {
        "inform": "Do you want to be told when the police find new images of you?",
        "topics": "What do you want to be told about?",
        "recipients": "Who should be told?",
        "channels": "How should you be told? Put the best way first.",
        "safe_contact": "When and how is it safe to contact you?",
        "pause": "Do you want a pause?",
    },
    "nl": {
        "inform": "Wil je bericht krijgen als de politie nieuwe beelden van jou vindt?",
        "topics": "Waarover wil je bericht krijgen?",
        "recipients": "Wie moet bericht krijgen?",
        "channels": "Hoe wil je bericht krijgen? Zet de beste manier bovenaan.",
        "safe_contact": "Wanneer en hoe is contact met jou veilig?",
        "pause": "Wil je een pauze?",
    },
}


def upgrade() -> None:
    table = op.create_table(
        "question_sets",
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("material", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_question_sets")),
        sa.UniqueConstraint("sequence", name=op.f("uq_question_sets_sequence")),
    )
    published = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    if op.get_bind().dialect.name == "sqlite":  # stored naive in UTC, as the models do
        published = published.replace(tzinfo=None)
    op.bulk_insert(
        table,
        [
            {
                "version": "1",
                "sequence": 1,
                "material": True,
                "published_at": published,
                "texts": FIRST_TEXTS,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("question_sets")
