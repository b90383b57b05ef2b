"""Personal data (RGPD): privacy page, data export, account deletion, retention.

Other areas plug in with one line each (see ``app.privacy.registry``)::

    from app.privacy.registry import register_data_export, register_account_deletion
    register_data_export("reservations", export_bookings)        # (session, user) -> JSON-ready data
    register_account_deletion("reservations", forget_bookings)   # (session, user, now) -> None
"""
