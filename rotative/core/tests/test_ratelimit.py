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


def test_an_interval_lets_one_action_through_then_waits():
    from rotative.core.ratelimit import rate_interval_allows

    assert rate_interval_allows(scope="test", key="k", seconds=60)
    assert not rate_interval_allows(scope="test", key="k", seconds=60)
    assert rate_interval_allows(scope="test", key="other", seconds=60)
