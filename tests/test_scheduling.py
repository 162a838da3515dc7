"""The order the suite's tests are handed to the xdist workers in (tests/scheduling.py):
the long ones spread over the workers, nothing lost, the rest in order."""

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.scheduling import range_sizes, spread_long

suites = st.lists(st.booleans(), max_size=120).map(
    lambda flags: [(number, is_long) for number, is_long in enumerate(flags)])


def is_long(item):
    return item[1]


@given(suites, st.integers(min_value=1, max_value=8))
def test_every_test_runs_once_and_the_short_ones_keep_their_order(items, workers):
    ordered = spread_long(items, is_long, workers)
    assert sorted(ordered) == sorted(items)
    short = [item for item in ordered if not is_long(item)]
    assert short == [item for item in items if not is_long(item)]


@given(suites, st.integers(min_value=2, max_value=8))
def test_each_range_starts_with_its_share_of_the_long_tests(items, workers):
    long_total = sum(map(is_long, items))
    sizes = range_sizes(len(items), workers)
    assume(min(sizes) >= -(-long_total // workers))  # room in every range for its share
    ordered = spread_long(items, is_long, workers)
    start = 0
    shares = []
    for size in sizes:
        chunk = ordered[start:start + size]
        start += size
        share = sum(map(is_long, chunk))
        assert all(map(is_long, chunk[:share]))  # at the head, run before any stealing
        shares.append(share)
    assert max(shares) - min(shares) <= 1


def test_the_ranges_are_those_xdist_hands_out():
    # WorkStealingScheduling.check_schedule: pending // nodes_remaining, in turn.
    assert range_sizes(10, 3) == [3, 3, 4]
    assert range_sizes(1344, 3) == [448, 448, 448]
    assert sum(range_sizes(1345, 4)) == 1345


def test_fifteen_long_tests_on_three_workers_are_five_each_at_the_head():
    items = [(n, n >= 1330) for n in range(1344)]  # collected last, as test_store_crash
    ordered = spread_long(items, is_long, 3)
    for start in (0, 448, 896):
        assert all(map(is_long, ordered[start:start + 4]))
        assert not is_long(ordered[start + 5])
