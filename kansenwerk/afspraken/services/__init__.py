"""Writes for agreements and signals; views, commands and the API all call these."""
