"""The single table: every key, index and access pattern lives in this module (docs/data-model.md).

Reads are one GetItem/Query/BatchGetItem. A state change is one `TransactWriteItems` built with `Tx`:
the entity (conditioned on the `version` that was read), its history event, its index entries and
its notification together. Nothing here knows HTTP; nothing elsewhere knows a key.
"""

from shared.store.keys import TokenOutcome
from shared.store.paging import Page
from shared.store.reads import Store
from shared.store.tx import Tx, TxConflict

__all__ = ["Page", "Store", "TokenOutcome", "Tx", "TxConflict"]
