from rotative.core.ratelimit import rate_limit_allows


def test_a_key_gets_its_limit_per_window_and_other_keys_their_own():
    hits = [rate_limit_allows(scope="test", key="192.0.2.1", limit=3, window=60) for _ in range(5)]
    assert hits == [True, True, True, False, False]
    assert rate_limit_allows(scope="test", key="192.0.2.2", limit=3, window=60)
    assert rate_limit_allows(scope="other", key="192.0.2.1", limit=3, window=60)


def test_the_count_starts_again_in_the_next_window(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    assert rate_limit_allows(scope="test", key="k", limit=1, window=60)
    assert not rate_limit_allows(scope="test", key="k", limit=1, window=60)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=61))
    assert rate_limit_allows(scope="test", key="k", limit=1, window=60)


def test_each_refusal_is_in_the_security_log_with_the_key_hashed(caplog):
    from rotative.core.ratelimit import rate_interval_allows
    from rotative.core.security_log import security_hash

    caplog.set_level("INFO", logger="rotative.security")
    for _ in range(3):
        rate_limit_allows(scope="newsletter-email", key="cible@example.fr", limit=2, window=60)
    rate_interval_allows(scope="comments", key="7", seconds=20)
    rate_interval_allows(scope="comments", key="7", seconds=20)

    records = [r for r in caplog.records if r.name == "rotative.security"]
    assert [(r.event, r.fields["scope"], r.fields["key"]) for r in records] == [
        ("rate_limited", "newsletter-email", security_hash("cible@example.fr")),
        ("rate_limited", "comments", security_hash("7")),
    ]
    assert "cible@example.fr" not in str([vars(r) for r in records])


def test_an_interval_lets_one_action_through_then_waits():
    from rotative.core.ratelimit import rate_interval_allows

    assert rate_interval_allows(scope="test", key="k", seconds=60)
    assert not rate_interval_allows(scope="test", key="k", seconds=60)
    assert rate_interval_allows(scope="test", key="other", seconds=60)
