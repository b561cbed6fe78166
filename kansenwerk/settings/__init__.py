"""Settings per environment: base (shared), local (development), test, production."""
