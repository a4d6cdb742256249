"""Tests of trialscout.survival."""
