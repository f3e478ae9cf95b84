"""bargaining: a workbench for collective bargaining in public schools."""

__version__ = "0.1.0"
