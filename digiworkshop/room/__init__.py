"""Phones in the room: the participant server (Starlette + uvicorn) and its page."""
