"""Test data of the verifier: a small valid knowledge folder and one broken file per case."""
