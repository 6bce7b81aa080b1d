"""question texts version 2: the volume question (how often, and the yearly message)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:00:00

Version "2" is the app's wizard with the question "How often do you want to be told?" added
after the channels. It is material: people who answered version 1 were never asked how often,
so their record shows ``questions_changed`` and the app asks them, gently, to look again.
The rows of version 1 stay as they were.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECOND_TEXTS = {
    "en": {
        "inform": "Do you want to be told when the police find new images of you?",
        "topics": "What do you want to be told about?",
        "recipients": "Who should be told?",
        "channels": "How should you be told? Put the best way first.",
        "volume": "How often do you want to be told?",
        "safe_contact": "When and how is it safe to contact you?",
        "pause": "Do you want a pause?",
    },
    "nl": {
        "inform": "Wil je bericht krijgen als de politie nieuwe beelden van jou vindt?",
        "topics": "Waarover wil je bericht krijgen?",
        "recipients": "Wie moet bericht krijgen?",
        "channels": "Hoe wil je bericht krijgen? Zet de beste manier bovenaan.",
        "volume": "Hoe vaak wil je bericht krijgen?",
        "safe_contact": "Wanneer en hoe is contact met jou veilig?",
        "pause": "Wil je een pauze?",
    },
}

question_sets = sa.table(
    "question_sets",
    sa.column("version", sa.String(length=40)),
    sa.column("sequence", sa.Integer()),
    sa.column("material", sa.Boolean()),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("texts", sa.JSON()),
)


def upgrade() -> None:
    published = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    if op.get_bind().dialect.name == "sqlite":  # stored naive in UTC, as the models do
        published = published.replace(tzinfo=None)
    op.bulk_insert(
        question_sets,
        [
            {
                "version": "2",
                "sequence": 2,
                "material": True,
                "published_at": published,
                "texts": SECOND_TEXTS,
            }
        ],
    )


def downgrade() -> None:
    op.execute(question_sets.delete().where(question_sets.c.version == "2"))
