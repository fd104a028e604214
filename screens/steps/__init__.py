"""The step views: base.py is what every step shares, one module per guide step, registry.py maps keys to views."""
