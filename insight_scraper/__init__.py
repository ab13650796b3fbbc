"""insight-scraper: afghaninsight.com into clean, analyst-ready JSON Lines."""

__version__ = "0.1.0"
