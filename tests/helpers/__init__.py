"""What several test folders share, by what it helps: paths, data, the command line, the
database sources, the TUI under Pilot, a real terminal, and the machine's optional parts.

Test modules import helpers only from here, never from one another; pytest fixtures live in the
conftest.py files.
"""
