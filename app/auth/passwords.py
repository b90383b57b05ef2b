"""Password hashing (Argon2id) and the minimum strength rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

COMMON_PASSWORDS = frozenset(
    {
        "motdepasse", "motdepasse1", "motdepasse123", "azertyuiop", "azerty123", "azerty1234",
        "1234567890", "123456789", "password1", "password123", "qwertyuiop", "soleil123",
        "bonjour123", "entrepairs", "entrepairs1", "ptce123456", "0123456789", "abcdefghij",
    }
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError, ValueError):
        return False


def password_problems(password: str, *, email: str = "", min_length: int = 10) -> list[str]:
    """French reasons why a password is too weak; empty when acceptable."""
    problems: list[str] = []
    if len(password) < min_length:
        problems.append(f"Le mot de passe doit contenir au moins {min_length} caractères.")
    if password.lower() in COMMON_PASSWORDS:
        problems.append("Ce mot de passe est trop courant.")
    if len(set(password)) < 5:
        problems.append("Le mot de passe doit comporter plus de caractères différents.")
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        problems.append("Le mot de passe ne doit pas reprendre votre adresse e-mail.")
    return problems
