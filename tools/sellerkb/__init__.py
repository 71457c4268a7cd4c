"""sellerkb: a knowledge base of marketplace seller bans, lawsuits and policy changes."""

__version__ = "0.1.0"
