"""The Textual UI of digiworkshop: the App, one module per screen, and shared widgets.

In the installed package this folder is ``digiworkshop.screens``; it talks to the core only.
"""
