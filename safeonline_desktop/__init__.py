"""SafeOnline Desktop: offline country capacity reviews against the MNR and the Broadband Commission actions."""

__version__ = "0.1.0"
