"""Offline mirror generator for afghaninsight.com (Foxiz theme + WordPress markup)."""
