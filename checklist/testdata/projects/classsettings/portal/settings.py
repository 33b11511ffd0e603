from portal.settings_base import Settings


class ProductionSettings(Settings):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True


ProductionSettings.load_settings(__name__)
