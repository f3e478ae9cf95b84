"""Names and passwords (storage/identity.py) and the sign-in backoff (storage/fairuse.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bargaining.storage import StorageError, accounts, open_database
from bargaining.storage.fairuse import ADDRESS, PAIR, address_key, site_secret
from bargaining.storage.identity import canonical_name, password_problems, skeleton


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password", "most commonly used"),  # first of zxcvbn's list after 123456
        ("Password", "most commonly used"),  # case does not make it another password
        ("        ", "different characters"),  # eight spaces
        ("aaaaaaaaaa", "different characters"),
        ("1234567", "at least 8 characters"),
        ("x" * 1025, "at most 1024"),
        ("my name is ana!", "contain the user name"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    assert any(why in problem for problem in password_problems(password, "ana"))


def test_a_long_uncommon_passphrase_passes() -> None:
    assert password_problems("correct horse battery", "ana") == []
    assert password_problems("demo-password", "demo-union") == []  # the demo's shared password


def test_look_alike_names_share_a_skeleton() -> None:
    assert skeleton("demo\u2010union") == skeleton("demo-union")  # U+2010 HYPHEN
    assert skeleton("d\u0435mo-union") == skeleton("demo-union")  # Cyrillic small ie
    assert skeleton("Demo-Union") == skeleton("demo-union")
    assert skeleton("paul") != skeleton("pauk")


def test_names_are_normalised_and_odd_characters_refused() -> None:
    assert canonical_name("  \uff41\uff4e\uff41 ") == "ana"  # fullwidth letters, NFKC
    assert canonical_name("José Pérez") == "José Pérez"
    with pytest.raises(StorageError, match="U\\+2010"):
        canonical_name("demo\u2010union")
    with pytest.raises(StorageError, match="U\\+200B"):
        canonical_name("ana\u200b")  # zero-width space
    with pytest.raises(StorageError, match="mixes alphabets"):
        canonical_name("d\u0435mo")


def test_a_name_that_looks_like_another_is_refused(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    accounts.add_user(engine, "ana-maria", "a long passphrase")
    for look_alike in ("Ana-Maria", "ANA-MARIA", "\uff41na-maria"):  # the last: fullwidth a
        with pytest.raises(StorageError, match="already a user 'ana-maria'"):
            accounts.add_user(engine, look_alike, "a long passphrase")
    with pytest.raises(StorageError, match="kept for the demo"):
        accounts.add_user(engine, "demo-union", "a long passphrase")
    with pytest.raises(StorageError, match="most commonly used"):
        accounts.add_user(engine, "bo", "password")
    engine.dispose()


def test_backoff_doubles_after_the_free_failures_up_to_its_cap() -> None:
    # PAIR: 3 free, then 2 s, 4 s, 8 s ... capped at 900 s (2 * 2**9 = 1024 > 900).
    assert [PAIR.wait_after(n) for n in (1, 3, 4, 5, 6, 13, 40)] == [0, 0, 2, 4, 8, 900, 900]
    assert ADDRESS.wait_after(30) == 0 and ADDRESS.wait_after(31) == 2


def test_addresses_are_counted_by_ipv4_address_or_ipv6_slash_64() -> None:
    assert address_key("203.0.113.9") == "203.0.113.9"
    assert address_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")


def test_the_site_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    first = site_secret(engine, "csrf")
    assert len(first) == 32 and site_secret(engine, "csrf") == first
    assert site_secret(engine, "other") != first
    engine.dispose()


def test_a_name_made_before_the_name_rules_still_signs_in(tmp_path: Path) -> None:
    from argon2 import PasswordHasher
    from sqlalchemy import insert

    from bargaining.storage.schema import users

    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    with engine.begin() as connection:
        user_id = connection.execute(
            insert(users).values(name="old\u2010name", party=None, created_at=dt.datetime.now(dt.UTC))
        ).inserted_primary_key[0]
        connection.execute(
            insert(accounts.credentials).values(
                user_id=user_id,
                password_hash=PasswordHasher().hash("a long passphrase"),
                site_admin=False,
                demo=False,
            )
        )
    found = accounts.authenticate(engine, "old\u2010name", "a long passphrase")
    assert found is not None and found.name == "old\u2010name"
    assert accounts.authenticate(engine, "old-name", "a long passphrase") is None  # a look-alike is not it
    engine.dispose()


def test_a_burst_of_sign_ins_runs_argon2_two_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100 clients signing in at once ran 80 argon2 checks together (64 MiB each) and stalled every page.
    import threading

    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    lock, active, most = threading.Lock(), [0], [0]

    class Slow:
        def verify(self, hashed: str, password: str) -> bool:
            with lock:
                active[0] += 1
                most[0] = max(most[0], active[0])
            threading.Event().wait(0.05)  # long enough for the other threads to arrive
            with lock:
                active[0] -= 1
            return True

    monkeypatch.setattr(accounts, "_hasher", Slow())
    threads = [threading.Thread(target=accounts.authenticate, args=(engine, "nobody", "x")) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2
    engine.dispose()
