#!/usr/bin/env python
"""Convenience wrapper; the installed `kansenwerk` command does the same."""

from kansenwerk.manage import main

if __name__ == "__main__":
    main()
