"""Extension singletons: the one place they live, so nothing imports the app package."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect

from app.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
# Counts by client address (the real one behind TRUSTED_PROXIES); limits live on the views.
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()
