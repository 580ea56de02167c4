"""For the concurrency tests (PostgreSQL, real threads): work released at one instant."""

import threading

from django.db import connections


def at_once(count: int, work, *, expected: tuple[type[Exception], ...] = ()) -> tuple[list, list]:
    """Calls work(i) for i in range(count), each in a thread of its own, all released
    together; each thread closes its database connections when done. Returns what the calls
    returned and the exceptions of the `expected` types they raised, each in the order they
    came; any other exception fails the test with its reason."""
    barrier, lock = threading.Barrier(count), threading.Lock()
    results, raised, errors = [], [], []

    def run(i):
        try:
            barrier.wait()
            outcome = work(i)
            with lock:
                results.append(outcome)
        except expected as exc:
            with lock:
                raised.append(exc)
        except Exception as exc:  # collected so the test fails with the reason
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results, raised
