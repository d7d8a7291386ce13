"""The WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

from dotenv import load_dotenv

load_dotenv()

from app import create_app  # noqa: E402 - the environment must be loaded first
from app.config import ConfigError  # noqa: E402

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"hindsight: configuration error: {error}") from None
