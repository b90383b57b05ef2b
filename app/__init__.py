"""The Entrepairs Flask application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Config, config_from_env

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def create_app(config_class: type[Config] | None = None, **overrides: object) -> Flask:
    """Build the app. ``overrides`` replace settings (tests, CLI)."""
    config_class = config_class or config_from_env()
    config_class.check()
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)
    app.config.update(overrides)

    from app.ids import init_id_converter

    init_id_converter(app)  # before any route: every <int:…> stays in the database's id range
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from app.extensions import csrf, db, login_manager

    db.init_app(app)
    from app.read_only import init_read_only_requests

    init_read_only_requests(app)
    csrf.init_app(app)
    login_manager.init_app(app)

    from app.proxy import init_proxy_fix
    from app.security import init_edge_guard, init_security_headers

    init_proxy_fix(app)
    init_security_headers(app)
    init_edge_guard(app)

    from app.static_files import init_static_versions

    init_static_versions(app)

    from app.auth.loader import init_user_loader
    from app.templating import init_templating
    from app.errors import init_error_handlers

    init_user_loader(app)
    init_templating(app)
    init_error_handlers(app)
    _register_blueprints(app)

    from app.cli.commands import register_commands

    register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from app.admin.views import bp as admin_bp
    from app.agenda.views import bp as agenda_bp
    from app.auth.views import bp as auth_bp
    from app.pair_space.views import bp as pair_space_bp
    from app.notifications.views import bp as notifications_bp
    from app.legal.views import bp as legal_bp
    from app.main.views import bp as main_bp
    from app.network.views import bp as network_bp
    from app.poles.views import bp as poles_bp
    from app.privacy.views import bp as privacy_bp
    from app.resources.views import bp as resources_bp
    from app.visits.views import bp as visits_bp
    from app.transfers.views import bp as transfers_bp
    from app.scheduling.views import bp as scheduling_bp
    from app.eligibility.views import bp as eligibility_bp
    from app.accompaniments.views import bp as accompaniments_bp
    from app.lawyers.views import bp as lawyers_bp
    from app.suggestions.views import bp as themes_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(poles_bp)
    app.register_blueprint(resources_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(transfers_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(scheduling_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(pair_space_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(eligibility_bp)
    app.register_blueprint(accompaniments_bp)
    app.register_blueprint(lawyers_bp)
    app.register_blueprint(themes_bp)
