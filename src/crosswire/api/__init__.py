"""The JSON API under ``/api`` (mounted by :func:`crosswire.web.create_app`)."""
