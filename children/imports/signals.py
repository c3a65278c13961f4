"""The hook other apps use to hear that a register import was written.

Sent inside the import's transaction, after every row is written, so a receiver's writes
commit or roll back with the import. Apps above children (the survey) listen to it; the
import itself knows nothing about them.
"""

from django.dispatch import Signal

# Sent with: by (the importer), batch (the ImportBatch), created (ids of the new
# children), changed (ids of children whose record the file changed), unchanged (ids of
# children the file carried as they were), transferred (ids moved to another school).
register_import_confirmed = Signal()
