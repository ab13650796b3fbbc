"""Spiders: they route requests and never read fields."""
