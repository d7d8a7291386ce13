"""Teams, services and tags."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import intpk
from app.extensions import db


class Team(db.Model):
    """A group of people who own services and incidents."""

    __tablename__ = "teams"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    services: Mapped[list[Service]] = relationship(back_populates="team", order_by="Service.name")

    def __str__(self) -> str:
        return self.name


class Service(db.Model):
    """A running system that incidents affect and deploys change."""

    __tablename__ = "services"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))

    team: Mapped[Team | None] = relationship(back_populates="services")

    def __str__(self) -> str:
        return self.name


class Tag(db.Model):
    """A free label, such as `database` or `third-party`."""

    __tablename__ = "tags"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(60), unique=True)

    def __str__(self) -> str:
        return self.name
