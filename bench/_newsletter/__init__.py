"""Helpers of bench/newsletter_send.py."""
