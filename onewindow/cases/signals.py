"""What the cases app tells later apps (licenses, trust, ratings, supervision, reach), which
may not be imported from here.

`case_moved` is sent inside the transaction that moved the case, after its new state and
audit row are written, so a receiver's writes (an e-license issued on approval, an
accountability record) commit or roll back with the move. Arguments: `case` (the locked
case, already saved), `before` and `after` (CaseStatus values) and `actor`."""

from django.dispatch import Signal

case_moved = Signal()
