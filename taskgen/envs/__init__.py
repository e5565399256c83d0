"""Gymnasium and PettingZoo environments around every family (see the README)."""
